/* SIP messages as text (RFC 3261 §7): a start line, headers in order, a
 * body; Content-Length is computed when the message is rendered. */
#pragma once

#include <glib.h>

typedef struct _SipMsg SipMsg;

SipMsg *sip_msg_new_request (const char *method, const char *request_uri);
SipMsg *sip_msg_new_response (guint status, const char *reason);
SipMsg *sip_msg_copy (const SipMsg *msg);
void sip_msg_free (SipMsg *msg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SipMsg, sip_msg_free)

const char *sip_msg_peek_method (const SipMsg *msg);       /* requests */
const char *sip_msg_peek_request_uri (const SipMsg *msg);  /* requests */
guint sip_msg_get_status (const SipMsg *msg);              /* responses */

void sip_msg_add (SipMsg *msg, const char *name, const char *value);
void sip_msg_addf (SipMsg *msg, const char *name, const char *format, ...)
  G_GNUC_PRINTF (3, 4);
/* Adds before every other header (a proxy's Via). */
void sip_msg_prepend (SipMsg *msg, const char *name, const char *value);
/* Replaces the first header of that name, or adds one. */
void sip_msg_set (SipMsg *msg, const char *name, const char *value);
/* Removes the first header of that name; FALSE if there was none. */
gboolean sip_msg_remove_first (SipMsg *msg, const char *name);

/* The value of the nth header of that name (case-insensitive), or NULL. */
const char *sip_msg_get (const SipMsg *msg, const char *name, guint nth);

void sip_msg_set_body (SipMsg *msg, const char *content_type,
                       const char *body);

/* Render header names in their compact form (RFC 3261 §7.3.3). */
void sip_msg_set_compact (SipMsg *msg, gboolean compact);

/* The message as sent: start line, headers, Content-Length, empty line,
 * body. */
GBytes *sip_msg_render (const SipMsg *msg);

/* The value of the tag parameter of a From or To value, or NULL. */
char *sip_header_tag (const char *name_addr);
/* The URI inside < > of a name-addr (or the value itself). */
char *sip_header_uri (const char *name_addr);
