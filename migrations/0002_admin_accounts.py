from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Organization',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=200)),
                ('kind', fields.CharField(default='college', max_length=24)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'organizations', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A college, employer, training provider or the Center itself.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SignInEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('login', fields.CharField(max_length=64)),
                ('account_id', fields.IntField(null=True)),
                ('kind', fields.CharField(max_length=24)),
                ('address', fields.CharField(null=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'sign_in_events', 'app': 'models', 'indexes': [Index(fields=['login', 'created_at']), Index(fields=['address', 'created_at'])], 'pk_attr': 'id', 'table_description': 'Journal of sign-ins, failed sign-ins, lock-outs and sign-outs (regulation 3.3).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='StaffAccount',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('login', fields.CharField(unique=True, max_length=64)),
                ('full_name', fields.CharField(default='', max_length=200)),
                ('role', fields.CharField(max_length=16)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', null=True, db_constraint=True, to_field='id', related_name='accounts', on_delete=OnDelete.RESTRICT)),
                ('password_hash', fields.CharField(max_length=200)),
                ('must_change_password', fields.BooleanField(default=True)),
                ('is_blocked', fields.BooleanField(default=False)),
                ('session_epoch', fields.IntField(default=0)),
                ('locale', fields.CharField(default='ru', max_length=8)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('password_changed_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'staff_accounts', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A personal account for the admin panel: no shared logins (FSTEC IAF.1).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PasswordHistory',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('account', fields.ForeignKeyField('models.StaffAccount', source_field='account_id', db_constraint=True, to_field='id', related_name='old_passwords', on_delete=OnDelete.CASCADE)),
                ('password_hash', fields.CharField(max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'password_history', 'app': 'models', 'pk_attr': 'id', 'table_description': 'Earlier password hashes, so an old password is not reused.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='User',
            name='anonymized_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
