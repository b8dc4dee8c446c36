/* The SIP parser: the input as one datagram and as a header section, the
 * Digest parameters of its authentication headers, and the input again as
 * a stream, fed in chunks whose size the last byte chooses. */
#include "fuzz_harness.h"

#include "sip/sip_digest.h"
#include "sip/sip_message.h"
#include "sip/sip_stream.h"

#include <string.h>

#define FUZZ_STREAM_MAX_MESSAGE 4096

static gboolean
touch_digest (const SipDigest *digest, gpointer data)
{
  const SipSpan spans[] = {
    digest->scheme,   digest->realm,    digest->nonce, digest->opaque,
    digest->algorithm, digest->qop,     digest->stale, digest->username,
    digest->uri,      digest->response, digest->cnonce, digest->nc,
  };
  for (gsize i = 0; i < G_N_ELEMENTS (spans); i++)
    fuzz_touch_span (spans[i]);
  if (sip_digest_is_digest (digest))
    {
      char *realm = sip_span_dup_unescaped (digest->realm);
      char *username = sip_span_dup_unescaped (digest->username);
      fuzz_touch_string (realm);
      fuzz_touch_string (username);
      g_free (realm);
      g_free (username);
    }
  return TRUE;
}

static gboolean
header_has_digest (SipHeaderId id)
{
  return id == SIP_HEADER_WWW_AUTHENTICATE
         || id == SIP_HEADER_PROXY_AUTHENTICATE
         || id == SIP_HEADER_AUTHORIZATION
         || id == SIP_HEADER_PROXY_AUTHORIZATION;
}

static void
touch_message (const SipMessage *msg)
{
  const SipSpan spans[] = {
    msg->method_name,   msg->request_uri,  msg->reason_phrase,
    msg->call_id,       msg->from.uri,     msg->from.user,
    msg->from.tag,      msg->to.uri,       msg->to.user,
    msg->to.tag,        msg->cseq_method_name, msg->top_via.transport,
    msg->top_via.host,  msg->top_via.branch, msg->user_agent,
    msg->body,
  };
  for (gsize i = 0; i < G_N_ELEMENTS (spans); i++)
    fuzz_touch_span (spans[i]);
  for (guint i = 0; i < msg->n_headers; i++)
    {
      const SipHeader *header = &msg->headers[i];
      fuzz_touch_span (header->name);
      fuzz_touch_span (header->value);
      if (header_has_digest (header->id))
        sip_digest_parse (header->value, touch_digest, NULL);
    }
  if (msg->violation != NULL)
    fuzz_touch_string (msg->violation->text);
}

static void
parse (SipParser *parser, const guint8 *data, gsize len, gboolean head_only)
{
  SipMessage msg;
  const Reason *reason = NULL;
  SipParseStatus status
      = head_only ? sip_parser_parse_head (parser, data, len, &msg, &reason)
                  : sip_parser_parse_datagram (parser, data, len, &msg,
                                               &reason);
  if (status == SIP_PARSE_OK)
    touch_message (&msg);
  else if (status == SIP_PARSE_MALFORMED)
    fuzz_touch_string (reason->text);
}

static void
on_stream_message (const guint8 *data, gsize len, const Reason *violation,
                   gboolean head_only, gpointer user_data)
{
  parse (user_data, data, len, head_only);
}

static void
frame_as_stream (SipParser *parser, const guint8 *data, gsize size)
{
  SipscanCounters counters = { 0 };
  SipStream *stream = sip_stream_new (FUZZ_STREAM_MAX_MESSAGE, &counters,
                                      on_stream_message, parser);
  gsize chunk = size > 0 ? 1 + data[size - 1] % 128u : 1;
  for (gsize pos = 0; pos < size; pos += chunk)
    sip_stream_feed (stream, data + pos, MIN (chunk, size - pos));
  sip_stream_finish (stream);
  sip_stream_free (stream);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  SipParser *parser = sip_parser_new ();
  parse (parser, data, size, FALSE);
  parse (parser, data, size, TRUE);
  const guint8 *nl = size > 0 ? memchr (data, '\n', size) : NULL;
  sip_message_check_start_line (data, nl != NULL ? (gsize) (nl - data) : size);
  frame_as_stream (parser, data, size);
  sip_parser_free (parser);
  return 0;
}
