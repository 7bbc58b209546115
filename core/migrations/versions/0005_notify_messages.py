"""notify: notifications (one row per message and channel, deduplicated), consent ledger, languages

Revision ID: 0005_notify_messages
Revises: 0004_merge
Create Date: 2026-12-01 20:54:10.315670
"""
from alembic import op
import sqlalchemy as sa
import core.db


revision = '0005_notify_messages'
down_revision = '0004_merge'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('consent_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.Enum('whatsapp', 'sms', 'email', name='channel', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('category', sa.Enum('utility', 'marketing', name='category', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('granted', sa.Boolean(), nullable=False),
    sa.Column('purpose', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_consent_entries_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_entries'))
    )
    with op.batch_alter_table('consent_entries', schema=None) as batch_op:
        batch_op.create_index('ix_consent_latest', ['user_id', 'channel', 'category', 'id'], unique=False)

    op.create_table('notification_preferences',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_preferences_user_id_users')),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_notification_preferences'))
    )
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dedup_key', sa.String(length=200), nullable=False),
    sa.Column('trigger', sa.String(length=40), nullable=False),
    sa.Column('channel', sa.Enum('whatsapp', 'sms', 'email', name='channel', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('category', sa.Enum('utility', 'marketing', name='category', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('urgent', sa.Boolean(), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('center_id', sa.Integer(), nullable=True),
    sa.Column('booking_id', sa.Integer(), nullable=True),
    sa.Column('address', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('template', sa.String(length=60), nullable=True),
    sa.Column('variables', sa.JSON(), nullable=False),
    sa.Column('attachments', sa.JSON(), nullable=False),
    sa.Column('state', sa.Enum('queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'cancelled', name='notificationstate', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('not_before', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=20), nullable=True),
    sa.Column('provider_message_id', sa.String(length=100), nullable=True),
    sa.Column('conversation_message_id', sa.Integer(), nullable=True),
    sa.Column('fallback_of_id', sa.Integer(), nullable=True),
    sa.Column('error', sa.String(length=300), nullable=True),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('attempted_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sent_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['booking_id'], ['bookings.id'], name=op.f('fk_notifications_booking_id_bookings')),
    sa.ForeignKeyConstraint(['center_id'], ['centers.id'], name=op.f('fk_notifications_center_id_centers')),
    sa.ForeignKeyConstraint(['conversation_message_id'], ['messages.id'], name=op.f('fk_notifications_conversation_message_id_messages')),
    sa.ForeignKeyConstraint(['fallback_of_id'], ['notifications.id'], name=op.f('fk_notifications_fallback_of_id_notifications')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('dedup_key', name=op.f('uq_notifications_dedup_key')),
    sa.UniqueConstraint('provider_message_id', name=op.f('uq_notifications_provider_message_id'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_booking', ['booking_id'], unique=False)
        batch_op.create_index('ix_notifications_due', ['not_before'], unique=False, postgresql_where=sa.text("state = 'queued'"), sqlite_where=sa.text("state = 'queued'"))
        batch_op.create_index(batch_op.f('ix_notifications_user_id'), ['user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_user_id'))
        batch_op.drop_index('ix_notifications_due', postgresql_where=sa.text("state = 'queued'"), sqlite_where=sa.text("state = 'queued'"))
        batch_op.drop_index('ix_notifications_booking')

    op.drop_table('notifications')
    op.drop_table('notification_preferences')
    with op.batch_alter_table('consent_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_consent_latest')

    op.drop_table('consent_entries')
