"""The career-guidance test «Компас профессий»: item bank, scoring, psychometrics."""
