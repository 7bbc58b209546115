"""Sign-in forms (Flask-WTF: every one carries a CSRF token)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Length


class LogoutForm(FlaskForm):
    """Empty form: only its CSRF token matters (sign-out must not be triggerable cross-site)."""


class ResendForm(FlaskForm):
    """Ask for a new code (CSRF only: the phone is the one kept in this browser's sign-in)."""


class PhoneForm(FlaskForm):
    phone = StringField("Mobile number", validators=[DataRequired(), Length(max=32)])


class CodeForm(FlaskForm):
    code = StringField("6-digit code", validators=[DataRequired(), Length(max=12)])


class PasswordForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
