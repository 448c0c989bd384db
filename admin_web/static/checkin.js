// Check-in: the device camera reads the ticket's QR code and submits it like a typed code.
(function () {
  "use strict";
  var start = document.getElementById("start-camera");
  var form = document.getElementById("checkin-form");
  if (!start || !form) { return; }
  var video = document.getElementById("camera");
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var status = document.getElementById("camera-status");

  function look() {
    if (video.readyState === video.HAVE_ENOUGH_DATA) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR(image.data, image.width, image.height);
      if (found && found.data) {
        form.elements.code.value = found.data;
        video.srcObject.getTracks().forEach(function (track) { track.stop(); });
        form.submit();
        return;
      }
    }
    window.requestAnimationFrame(look);
  }

  start.addEventListener("click", function () {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      status.textContent = status.dataset.unavailable;
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        video.play();
        status.textContent = status.dataset.scanning;
        window.requestAnimationFrame(look);
      })
      .catch(function () { status.textContent = status.dataset.unavailable; });
  });
}());
