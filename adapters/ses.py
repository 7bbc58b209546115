"""Email through Amazon SES v2 (boto3): plain emails as Simple content, emails with files as raw MIME."""
from __future__ import annotations

from email.message import EmailMessage

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from core.notify.channels import Attachment, SendFailed

RETRYABLE = {"TooManyRequestsException", "LimitExceededException", "ThrottlingException", "InternalFailure",
             "ServiceUnavailable"}


class SesEmail:
    name = "ses"

    def __init__(self, *, sender: str, region: str, endpoint_url: str | None = None,
                 configuration_set: str | None = None, access_key: str | None = None,
                 secret_key: str | None = None) -> None:
        config = Config(connect_timeout=5, read_timeout=15, retries={"max_attempts": 2})
        self._client = boto3.client("sesv2", region_name=region, endpoint_url=endpoint_url or None, config=config,
                                    aws_access_key_id=access_key or None, aws_secret_access_key=secret_key or None)
        self._from, self._configuration_set = sender, configuration_set

    @classmethod
    def from_settings(cls, settings) -> "SesEmail":
        return cls(sender=settings.email_from, region=settings.ses_region, endpoint_url=settings.ses_endpoint_url,
                   configuration_set=settings.ses_configuration_set, access_key=settings.aws_access_key_id,
                   secret_key=settings.aws_secret_access_key)

    def send_email(self, to: str, subject: str, text: str, *, attachments: tuple[Attachment, ...] = (),
                   reference: str) -> str:
        request = {"FromEmailAddress": self._from, "Destination": {"ToAddresses": [to]},
                   "Content": _content(self._from, to, subject, text, attachments),
                   "EmailTags": [{"Name": "reference", "Value": reference}]}
        if self._configuration_set:  # delivery events are published through the configuration set
            request["ConfigurationSetName"] = self._configuration_set
        try:
            return self._client.send_email(**request)["MessageId"]
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            raise SendFailed(f"SES refused the email ({code}): {error}", retryable=code in RETRYABLE) from error
        except BotoCoreError as error:
            raise SendFailed(f"SES could not be reached: {error.__class__.__name__}", retryable=True) from error


def _content(sender: str, to: str, subject: str, text: str, attachments: tuple[Attachment, ...]) -> dict:
    if not attachments:
        return {"Simple": {"Subject": {"Data": subject, "Charset": "UTF-8"},
                           "Body": {"Text": {"Data": text, "Charset": "UTF-8"}}}}
    # Raw MIME works on every SES and botocore version (Simple.Attachments is recent).
    mime = EmailMessage()
    mime["From"], mime["To"], mime["Subject"] = sender, to, subject
    mime.set_content(text)
    for a in attachments:
        maintype, _, subtype = a.content_type.partition("/")
        mime.add_attachment(a.data, maintype=maintype, subtype=subtype, filename=a.filename)
    return {"Raw": {"Data": mime.as_bytes()}}
