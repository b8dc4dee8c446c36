#include "sip_builder.h"

#include <string.h>

typedef struct {
  char *name;
  char *value;
} SipHeaderField;

struct _SipMsg {
  char *method;           /* NULL for a response */
  char *request_uri;
  guint status;
  char *reason;
  GPtrArray *headers;     /* of SipHeaderField */
  char *content_type;
  char *body;
  gboolean compact;
};

static SipHeaderField *
header_field_new (const char *name, const char *value)
{
  SipHeaderField *field = g_new (SipHeaderField, 1);
  field->name = g_strdup (name);
  field->value = g_strdup (value);
  return field;
}

static void
header_field_free (gpointer data)
{
  SipHeaderField *field = data;
  g_free (field->name);
  g_free (field->value);
  g_free (field);
}

static SipMsg *
sip_msg_alloc (void)
{
  SipMsg *msg = g_new0 (SipMsg, 1);
  msg->headers = g_ptr_array_new_with_free_func (header_field_free);
  return msg;
}

SipMsg *
sip_msg_new_request (const char *method, const char *request_uri)
{
  SipMsg *msg = sip_msg_alloc ();
  msg->method = g_strdup (method);
  msg->request_uri = g_strdup (request_uri);
  return msg;
}

SipMsg *
sip_msg_new_response (guint status, const char *reason)
{
  SipMsg *msg = sip_msg_alloc ();
  msg->status = status;
  msg->reason = g_strdup (reason);
  return msg;
}

SipMsg *
sip_msg_copy (const SipMsg *msg)
{
  SipMsg *copy = sip_msg_alloc ();

  copy->method = g_strdup (msg->method);
  copy->request_uri = g_strdup (msg->request_uri);
  copy->status = msg->status;
  copy->reason = g_strdup (msg->reason);
  for (guint i = 0; i < msg->headers->len; i++)
    {
      SipHeaderField *field = msg->headers->pdata[i];
      sip_msg_add (copy, field->name, field->value);
    }
  copy->content_type = g_strdup (msg->content_type);
  copy->body = g_strdup (msg->body);
  copy->compact = msg->compact;
  return copy;
}

void
sip_msg_free (SipMsg *msg)
{
  if (msg == NULL)
    return;
  g_free (msg->method);
  g_free (msg->request_uri);
  g_free (msg->reason);
  g_ptr_array_unref (msg->headers);
  g_free (msg->content_type);
  g_free (msg->body);
  g_free (msg);
}

const char *
sip_msg_peek_method (const SipMsg *msg)
{
  return msg->method;
}

const char *
sip_msg_peek_request_uri (const SipMsg *msg)
{
  return msg->request_uri;
}

guint
sip_msg_get_status (const SipMsg *msg)
{
  return msg->status;
}

void
sip_msg_add (SipMsg *msg, const char *name, const char *value)
{
  g_ptr_array_add (msg->headers, header_field_new (name, value));
}

void
sip_msg_addf (SipMsg *msg, const char *name, const char *format, ...)
{
  va_list args;
  g_autofree char *value = NULL;

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);
  sip_msg_add (msg, name, value);
}

void
sip_msg_prepend (SipMsg *msg, const char *name, const char *value)
{
  g_ptr_array_insert (msg->headers, 0, header_field_new (name, value));
}

static gint
find_header (const SipMsg *msg, const char *name, guint nth)
{
  for (guint i = 0; i < msg->headers->len; i++)
    {
      SipHeaderField *field = msg->headers->pdata[i];
      if (g_ascii_strcasecmp (field->name, name) == 0 && nth-- == 0)
        return (gint) i;
    }
  return -1;
}

void
sip_msg_set (SipMsg *msg, const char *name, const char *value)
{
  gint i = find_header (msg, name, 0);
  if (i < 0)
    {
      sip_msg_add (msg, name, value);
      return;
    }
  SipHeaderField *field = msg->headers->pdata[i];
  g_free (field->value);
  field->value = g_strdup (value);
}

gboolean
sip_msg_remove_first (SipMsg *msg, const char *name)
{
  gint i = find_header (msg, name, 0);
  if (i < 0)
    return FALSE;
  g_ptr_array_remove_index (msg->headers, i);
  return TRUE;
}

const char *
sip_msg_get (const SipMsg *msg, const char *name, guint nth)
{
  gint i = find_header (msg, name, nth);
  return i < 0 ? NULL : ((SipHeaderField *) msg->headers->pdata[i])->value;
}

void
sip_msg_set_body (SipMsg *msg, const char *content_type, const char *body)
{
  g_free (msg->content_type);
  g_free (msg->body);
  msg->content_type = g_strdup (content_type);
  msg->body = g_strdup (body);
}

void
sip_msg_set_compact (SipMsg *msg, gboolean compact)
{
  msg->compact = compact;
}

static const char *
header_name (const SipMsg *msg, const char *name)
{
  static const struct { const char *full, *compact; } forms[] = {
    { "Via", "v" }, { "From", "f" }, { "To", "t" }, { "Call-ID", "i" },
    { "Contact", "m" }, { "Content-Length", "l" },
    { "Content-Type", "c" }, { "Supported", "k" },
  };
  if (!msg->compact)
    return name;
  for (gsize i = 0; i < G_N_ELEMENTS (forms); i++)
    if (g_ascii_strcasecmp (forms[i].full, name) == 0)
      return forms[i].compact;
  return name;
}

GBytes *
sip_msg_render (const SipMsg *msg)
{
  GString *out = g_string_new (NULL);
  gsize body_len = msg->body ? strlen (msg->body) : 0;

  if (msg->method)
    g_string_append_printf (out, "%s %s SIP/2.0\r\n", msg->method,
                            msg->request_uri);
  else
    g_string_append_printf (out, "SIP/2.0 %u %s\r\n", msg->status,
                            msg->reason);
  for (guint i = 0; i < msg->headers->len; i++)
    {
      SipHeaderField *field = msg->headers->pdata[i];
      g_string_append_printf (out, "%s: %s\r\n", header_name (msg, field->name),
                              field->value);
    }
  if (msg->content_type)
    g_string_append_printf (out, "%s: %s\r\n",
                            header_name (msg, "Content-Type"),
                            msg->content_type);
  g_string_append_printf (out, "%s: %" G_GSIZE_FORMAT "\r\n\r\n",
                          header_name (msg, "Content-Length"), body_len);
  if (msg->body)
    g_string_append (out, msg->body);
  return g_string_free_to_bytes (out);
}

static char *
param_value (const char *value, const char *param)
{
  g_autofree char *needle = g_strdup_printf (";%s=", param);
  const char *uri_end = strchr (value, '>');
  const char *p = strstr (uri_end ? uri_end : value, needle);
  if (p == NULL)
    return NULL;
  p += strlen (needle);
  return g_strndup (p, strcspn (p, ";, \t"));
}

char *
sip_header_tag (const char *name_addr)
{
  return param_value (name_addr, "tag");
}

char *
sip_header_uri (const char *name_addr)
{
  const char *open = strchr (name_addr, '<');
  const char *close = open ? strchr (open, '>') : NULL;
  if (open && close)
    return g_strndup (open + 1, close - open - 1);
  return g_strndup (name_addr, strcspn (name_addr, ";"));
}
