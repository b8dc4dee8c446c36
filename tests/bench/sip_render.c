#include "sip_render.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cast.h"
#include "prng.h"

typedef struct {
  char *data;
  gsize len;
  gsize size;
} Text;

static void text_add (Text *text, const char *format, ...)
  G_GNUC_PRINTF (2, 3);

static void
text_add (Text *text, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  int n = vsnprintf (text->data + text->len, text->size - text->len, format,
                     args);
  va_end (args);
  g_assert (n >= 0 && (gsize) n < text->size - text->len);
  text->len += (gsize) n;
}

/* What each identifier is derived from, with the session's key. */
enum {
  ID_CALL_ID = 1,
  ID_FROM_TAG,
  ID_TO_TAG,
  ID_BRANCH,
  ID_NONCE,
  ID_CNONCE,
  ID_RESPONSE,
  ID_SDP,
  ID_BIG_SDP,
};

static guint64
id_of (const Session *s, guint what, guint64 n)
{
  return hash3 (s->key, what, n);
}

static const char *
method_name (SipMsgKind method)
{
  switch (method)
    {
    case MSG_INVITE: case MSG_INVITE_AUTH: return "INVITE";
    case MSG_ACK: case MSG_ACK_2XX: return "ACK";
    case MSG_BYE: return "BYE";
    case MSG_CANCEL: return "CANCEL";
    case MSG_REGISTER: case MSG_REGISTER_AUTH: return "REGISTER";
    case MSG_OPTIONS: return "OPTIONS";
    default: g_assert_not_reached ();
    }
}

typedef struct {
  guint status;
  const char *reason;
  gboolean answers_invite;   /* else the last other request */
} Status;

static Status
status_of (SipMsgKind msg)
{
  switch (msg)
    {
    case MSG_100: return (Status){ 100, "Trying", TRUE };
    case MSG_180: return (Status){ 180, "Ringing", TRUE };
    case MSG_200_INVITE: return (Status){ 200, "OK", TRUE };
    case MSG_200: return (Status){ 200, "OK", FALSE };
    case MSG_401: case MSG_401_STALE:
      return (Status){ 401, "Unauthorized", FALSE };
    case MSG_403: return (Status){ 403, "Forbidden", FALSE };
    case MSG_404: return (Status){ 404, "Not Found", TRUE };
    case MSG_407:
      return (Status){ 407, "Proxy Authentication Required", TRUE };
    case MSG_408: return (Status){ 408, "Request Timeout", TRUE };
    case MSG_486: return (Status){ 486, "Busy Here", TRUE };
    case MSG_487: return (Status){ 487, "Request Terminated", TRUE };
    default: g_assert_not_reached ();
    }
}

/* The addresses and names one message is written with. */
typedef struct {
  char ua_ip[16], proxy_ip[16], callee_ip[16];
  const char *transport;
  guint32 user, callee;
} Names;

static void
names_init (Names *names, const Session *s)
{
  cast_format_ip (s->ua_ip, names->ua_ip);
  cast_format_ip (s->proxy_ip, names->proxy_ip);
  cast_format_ip (cast_phone_ip (s->callee), names->callee_ip);
  names->transport = s->over_tcp ? "TCP" : "UDP";
  names->user = cast_phone_user (s->phone);
  names->callee = cast_phone_user (s->callee);
}

static void
add_via (Text *t, const Session *s, const Names *n, guint branch,
         gboolean response)
{
  text_add (t, "Via: SIP/2.0/%s %s:%u;", n->transport, n->ua_ip,
            s->ua_port);
  if (!s->over_tcp && response)
    text_add (t, "rport=%u;", s->ua_port);
  else if (!s->over_tcp)
    text_add (t, "rport;");
  text_add (t, "branch=z9hG4bK%016" G_GINT64_MODIFIER "x\r\n",
            id_of (s, ID_BRANCH, branch));
}

static void
add_from (Text *t, const Session *s, const Names *n)
{
  if (s->phone % 5 == 0)
    text_add (t, "From: \"Ext %u\" ", n->user);
  else
    text_add (t, "From: ");
  text_add (t, "<sip:%u@" CAST_DOMAIN ">;tag=%010" G_GINT64_MODIFIER "x\r\n",
            n->user, id_of (s, ID_FROM_TAG, 0) >> 24);
}

/* To of a request to method, with the tag of to_tag_id when not 0. */
static void
add_to (Text *t, const Names *n, SipMsgKind method, guint64 to_tag_id)
{
  if (method == MSG_REGISTER)
    text_add (t, "To: <sip:%u@" CAST_DOMAIN ">", n->user);
  else if (method == MSG_OPTIONS)
    text_add (t, "To: <sip:" CAST_DOMAIN ">");
  else
    text_add (t, "To: <sip:%u@" CAST_DOMAIN ">", n->callee);
  if (to_tag_id)
    text_add (t, ";tag=%010" G_GINT64_MODIFIER "x", to_tag_id >> 24);
  text_add (t, "\r\n");
}

static guint64
dialog_tag_id (const Session *s)
{
  return id_of (s, ID_TO_TAG, s->invite_attempt);
}

static void
add_call_id (Text *t, const Session *s, const Names *n)
{
  text_add (t, "Call-ID: %016" G_GINT64_MODIFIER "x%08x@%s\r\n",
            id_of (s, ID_CALL_ID, 0), (guint32) id_of (s, ID_CALL_ID, 1),
            n->ua_ip);
}

static void
add_contact (Text *t, const Session *s, const Names *n)
{
  text_add (t, "Contact: <sip:%u@%s:%u%s>", n->user, n->ua_ip, s->ua_port,
            s->over_tcp ? ";transport=tcp" : "");
}

static void
format_nonce (const Session *s, char out[33])
{
  snprintf (out, 33, "%016" G_GINT64_MODIFIER "x%016" G_GINT64_MODIFIER "x",
            id_of (s, ID_NONCE, s->nonce_generation),
            id_of (s, ID_NONCE, 1000 + s->nonce_generation));
}

static void
add_challenge (Text *t, const Session *s, const char *header,
               gboolean stale)
{
  char nonce[33];
  format_nonce (s, nonce);
  text_add (t, "%s: Digest realm=\"" CAST_DOMAIN "\", nonce=\"%s\", "
            "algorithm=MD5, qop=\"auth\"%s\r\n",
            header, nonce, stale ? ", stale=true" : "");
}

/* A nonce from before the capture has been used a few times already. */
static void
add_credentials (Text *t, const Session *s, const Names *n,
                 const char *header, const char *uri)
{
  char nonce[33];
  format_nonce (s, nonce);
  text_add (t, "%s: Digest username=\"%u\", realm=\"" CAST_DOMAIN "\", "
            "nonce=\"%s\", uri=\"%s\", response=\"%016" G_GINT64_MODIFIER
            "x%016" G_GINT64_MODIFIER "x\", algorithm=MD5, cnonce=\"%016"
            G_GINT64_MODIFIER "x\", qop=auth, nc=%08x\r\n",
            header, n->user, nonce, uri,
            id_of (s, ID_RESPONSE, s->tx_cseq),
            id_of (s, ID_RESPONSE, 1000 + s->tx_cseq),
            id_of (s, ID_CNONCE, s->tx_cseq),
            s->nonce_generation == 0 ? 5u : 1u);
}

/* An SDP offer or answer (RFC 4566) for audio; a large offer adds video
 * and ICE candidates up to about target bytes. */
static void
add_sdp (Text *t, const Session *s, const char *ip, guint64 id,
         gsize target)
{
  guint32 version = (guint32) (id % 900000000) + 100000000;
  guint port = 10000 + 2 * (guint) (id >> 40) % 20000;

  text_add (t, "v=0\r\no=- %u %u IN IP4 %s\r\ns=-\r\nc=IN IP4 %s\r\n"
            "t=0 0\r\nm=audio %u RTP/AVP 0 8 9 101\r\n"
            "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
            "a=rtpmap:9 G722/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
            "a=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n",
            version, version, ip, ip, port);
  if (target == 0)
    return;
  text_add (t, "m=video %u RTP/AVP 96 97\r\na=rtpmap:96 H264/90000\r\n"
            "a=fmtp:96 profile-level-id=42e01f;packetization-mode=1\r\n"
            "a=rtpmap:97 VP8/90000\r\na=sendrecv\r\n", port + 2);
  for (guint i = 1; t->len < target; i++)
    text_add (t, "a=candidate:%u %u udp %u %s %u typ host\r\n",
              (guint) (id_of (s, ID_BIG_SDP, i) % 4000000000u), 1 + i % 2,
              2130706431u - i, ip, port + i % 2);
}

static gsize
big_sdp_target (const Session *s)
{
  return 1500 + id_of (s, ID_BIG_SDP, 0) % 2000;
}

static void
render_request (Text *t, Text *body, const Session *s, const Names *n,
                SipMsgKind msg)
{
  gboolean in_dialog = msg == MSG_ACK_2XX || msg == MSG_BYE;
  gboolean invite = msg == MSG_INVITE || msg == MSG_INVITE_AUTH;
  gboolean registration = msg == MSG_REGISTER || msg == MSG_REGISTER_AUTH;
  guint branch = msg == MSG_ACK || msg == MSG_CANCEL ? s->invite_branch
                                                     : s->tx_branch;
  guint32 cseq = msg == MSG_ACK || msg == MSG_CANCEL ? s->invite_cseq
                                                     : s->tx_cseq;
  SipMsgKind to_of = registration ? MSG_REGISTER : msg;
  char uri[64];

  if (in_dialog)
    snprintf (uri, sizeof uri, "sip:%u@%s:%u", n->callee, n->callee_ip,
              CAST_SIP_PORT);
  else if (registration || msg == MSG_OPTIONS)
    snprintf (uri, sizeof uri, "sip:" CAST_DOMAIN);
  else
    snprintf (uri, sizeof uri, "sip:%u@" CAST_DOMAIN, n->callee);

  text_add (t, "%s %s SIP/2.0\r\n", method_name (msg), uri);
  add_via (t, s, n, branch, FALSE);
  if (in_dialog)
    text_add (t, "Route: <sip:%s;lr>\r\n", n->proxy_ip);
  text_add (t, "Max-Forwards: 70\r\n");
  add_from (t, s, n);
  add_to (t, n, to_of,
          in_dialog || msg == MSG_ACK ? dialog_tag_id (s) : 0);
  add_call_id (t, s, n);
  text_add (t, "CSeq: %u %s\r\n", cseq, method_name (msg));
  if (invite || registration)
    {
      add_contact (t, s, n);
      text_add (t, "\r\n");
    }
  if (msg == MSG_INVITE_AUTH)
    add_credentials (t, s, n, "Proxy-Authorization", uri);
  if (msg == MSG_REGISTER_AUTH)
    add_credentials (t, s, n, "Authorization", uri);
  if (registration)
    text_add (t, "Expires: 3600\r\n");
  if (msg == MSG_OPTIONS)
    text_add (t, "Accept: application/sdp\r\n");
  if (invite)
    text_add (t, "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, NOTIFY, REFER\r\n"
              "Supported: replaces, timer\r\n");
  text_add (t, "User-Agent: %s\r\n", cast_phone_agent (s->phone));
  if (invite)
    add_sdp (body, s, n->ua_ip, id_of (s, ID_SDP, 0),
             s->big_invite ? big_sdp_target (s) : 0);
}

static void
render_response (Text *t, Text *body, const Session *s, const Names *n,
                 SipMsgKind msg)
{
  Status status = status_of (msg);
  SipMsgKind method = status.answers_invite ? MSG_INVITE : s->tx_method;
  guint branch = status.answers_invite ? s->invite_branch : s->tx_branch;
  guint32 cseq = status.answers_invite ? s->invite_cseq : s->tx_cseq;
  gboolean ringing_or_answer = msg == MSG_180 || msg == MSG_200_INVITE;
  guint64 tag = 0;

  if (msg == MSG_100)
    tag = 0;
  else if (method == MSG_REGISTER || method == MSG_OPTIONS)
    tag = id_of (s, ID_TO_TAG, 100 + cseq);
  else
    tag = dialog_tag_id (s);

  text_add (t, "SIP/2.0 %u %s\r\n", status.status, status.reason);
  add_via (t, s, n, branch, TRUE);
  if (ringing_or_answer)
    text_add (t, "Record-Route: <sip:%s;lr>\r\n", n->proxy_ip);
  add_from (t, s, n);
  add_to (t, n, method, tag);
  add_call_id (t, s, n);
  text_add (t, "CSeq: %u %s\r\n", cseq, method_name (method));
  if (ringing_or_answer)
    text_add (t, "Contact: <sip:%u@%s:%u>\r\n", n->callee, n->callee_ip,
              CAST_SIP_PORT);
  if (method == MSG_REGISTER && status.status == 200)
    {
      add_contact (t, s, n);
      text_add (t, ";expires=3600\r\n");
    }
  if (msg == MSG_401 || msg == MSG_401_STALE)
    add_challenge (t, s, "WWW-Authenticate", msg == MSG_401_STALE);
  if (msg == MSG_407)
    add_challenge (t, s, "Proxy-Authenticate", FALSE);
  text_add (t, "Server: %s\r\n", cast_proxy_agent ());
  if (msg == MSG_200_INVITE)
    add_sdp (body, s, n->callee_ip, id_of (s, ID_SDP, 1), 0);
}

gsize
sip_render (const Session *session, SipMsgKind msg, char *out)
{
  char body_data[4096];
  Text body = { body_data, 0, sizeof body_data };
  Text text = { out, 0, SIP_RENDER_MAX };
  Names names;

  names_init (&names, session);
  if (sip_msg_kind_is_request (msg))
    render_request (&text, &body, session, &names, msg);
  else
    render_response (&text, &body, session, &names, msg);
  if (body.len)
    text_add (&text, "Content-Type: application/sdp\r\n");
  text_add (&text, "Content-Length: %zu\r\n\r\n", body.len);
  g_assert (text.len + body.len <= text.size);
  memcpy (text.data + text.len, body.data, body.len);
  return text.len + body.len;
}
