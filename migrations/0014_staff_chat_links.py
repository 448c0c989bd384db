from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0013_surveys')]

    initial = False

    operations = [
        ops.AddField(
            model_name='StaffAccount',
            name='link_code',
            field=fields.CharField(null=True, unique=True, max_length=64),
        ),
        ops.AddField(
            model_name='StaffAccount',
            name='link_code_until',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='StaffAccount',
            name='telegram_id',
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.AddField(
            model_name='StaffAccount',
            name='vk_id',
            field=fields.CharField(null=True, max_length=64),
        ),
    ]
