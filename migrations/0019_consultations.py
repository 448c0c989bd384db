from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0018_journal_chain')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CannedAnswer',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('title', fields.CharField(unique=True, max_length=100)),
                ('text', fields.TextField(unique=False)),
                ('updated_by', fields.CharField(max_length=64)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'canned_answers', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A ready answer consultants insert and edit in the panel.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Consultation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='consultations', on_delete=OnDelete.CASCADE)),
                ('channel', fields.CharField(max_length=16)),
                ('status', fields.CharField(default='open', max_length=8)),
                ('assignee_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_message_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('waiting_since', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('first_reply_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('rating', fields.SmallIntField(null=True)),
                ('changed_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'consultations', 'app': 'models', 'indexes': [Index(fields=['status', 'last_message_at']), Index(fields=['user_id', 'status'])], 'pk_attr': 'id', 'table_description': "A resident's conversation with the Center's consultants, in the messenger they use."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ConsultationMessage',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('consultation', fields.ForeignKeyField('models.Consultation', source_field='consultation_id', db_constraint=True, to_field='id', related_name='messages', on_delete=OnDelete.CASCADE)),
                ('author', fields.CharField(max_length=8)),
                ('staff_id', fields.IntField(null=True)),
                ('text', fields.TextField(unique=False)),
                ('file_name', fields.CharField(null=True, max_length=200)),
                ('file', fields.BinaryField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'consultation_messages', 'app': 'models', 'indexes': [Index(fields=['consultation_id', 'id'])], 'pk_attr': 'id', 'table_description': "One message of a conversation: the resident's, a consultant's reply, or a staff note."},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='OutboxMessage',
            name='filename',
            field=fields.CharField(null=True, max_length=200),
        ),
    ]
