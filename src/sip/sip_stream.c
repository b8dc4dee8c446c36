/* SIP on a stream transport (RFC 3261 §18.3): a message ends after the
 * empty line that ends its headers plus Content-Length bytes of body.
 *
 * - Lines end in CRLF or, as the datagram parser tolerates, a bare LF.
 * - Content-Length (or its compact form `l`) gives the body length; the
 *   first one counts. A message without one is an error on a stream
 *   (§18.3, §20.14): as Wireshark does, its body is taken as empty and the
 *   message is analysed with a tolerated violation. A value that is not a
 *   number frames as 0 too; the parser then finds the message malformed.
 * - CRLFCRLF pings and CRLF pongs between messages (RFC 5626 §3.5.1) are
 *   skipped and counted in sip_keepalives.
 * - Where a start line is due and the line is not SIP, and after a gap,
 *   the framer hunts: it skips to the next line that is a well-formed SIP
 *   start line (a request line ending in SIP/2.0, a status line starting
 *   SIP/2.0) and counts the resync and the bytes skipped. Bytes skipped on
 *   a stream that never carried SIP are not counted: the stream is not SIP
 *   (HTTP on port 5060, TLS) and the caller counts it as such.
 * - At most max_message bytes are held for one message. A longer header
 *   section is discarded and the framer hunts; a longer message whose
 *   header section ended is delivered without its body (head_only: the
 *   analysis needs only the headers, and padding a request past the cap
 *   must not hide it), and the body is skipped by count, which keeps the
 *   framing. Both count in sip_stream_oversize. While hunting, a partial
 *   line holding a byte no start line holds (a control character: TLS,
 *   binary data) is dropped at once, so a stream that is not SIP is not
 *   held for long. */
#include "sip/sip_stream.h"

#include "sip/sip_fields.h"
#include "sip/sip_header_names.h"
#include "sip/sip_lex.h"
#include "sip/sip_message.h"

#include <string.h>

/* Past this many consumed bytes the rest moves to a new buffer, so that
 * memory follows what is held (GByteArray never shrinks). */
#define FRAMER_COMPACT_AFTER 4096

static REASON_DEFINE (reason_no_content_length, "sip",
                      "no content-length on a stream");
static REASON_DEFINE (reason_body_over_cap, "sip",
                      "body over the stream cap, analysed without it");

typedef enum {
  FRAMER_BOUNDARY,  /* between messages: keep-alives or a start line */
  FRAMER_HEADERS,   /* in a message's start line and headers */
  FRAMER_BODY,      /* the header section ended: waiting for the body */
  FRAMER_DISCARD,   /* skipping the rest of an oversize message */
  FRAMER_HUNT,      /* looking for a start line */
} FramerState;

struct _SipStream {
  GByteArray *buf;        /* the bytes held between feeds */
  const guint8 *bytes;    /* the bytes being framed: buf's, or while buf
                             holds none, those of the feed */
  gsize len;
  gsize pos;              /* bytes before pos are consumed; offsets below
                             count from pos */
  FramerState state;
  gsize scan;             /* HEADERS: where the next line starts */
  gsize header_from;      /* HEADERS: the lines of the last header that */
  gsize header_to;        /*   may be Content-Length, when header_to > 0 */
  gint64 content_length;  /* -1 until read */
  gsize message_len;      /* BODY */
  guint64 discard;        /* DISCARD: bytes left to skip */
  gboolean mid_line;      /* HUNT: pos is not at the start of a line */
  guint64 skipped;        /* bytes skipped, not counted yet */
  gboolean had_bytes;
  gboolean carried_sip;
  gsize max_message;
  SipscanCounters *counters;
  SipStreamMessageFunc func;
  gpointer user_data;
};

SipStream *
sip_stream_new (gsize max_message, SipscanCounters *counters,
                SipStreamMessageFunc func, gpointer user_data)
{
  SipStream *stream = g_new0 (SipStream, 1);
  stream->buf = g_byte_array_new ();
  stream->bytes = stream->buf->data;
  stream->state = FRAMER_BOUNDARY;
  stream->max_message = max_message;
  stream->counters = counters;
  stream->func = func;
  stream->user_data = user_data;
  return stream;
}

void
sip_stream_free (SipStream *stream)
{
  if (stream == NULL)
    return;
  g_byte_array_unref (stream->buf);
  g_free (stream);
}

static const guint8 *
framer_peek (const SipStream *stream)
{
  return stream->bytes + stream->pos;
}

static gsize
framer_available (const SipStream *stream)
{
  return stream->len - stream->pos;
}

static void
framer_view (SipStream *stream, const guint8 *bytes, gsize len)
{
  stream->bytes = bytes;
  stream->len = len;
  stream->pos = 0;
}

static void
framer_view_buffer (SipStream *stream)
{
  framer_view (stream, stream->buf->data, stream->buf->len);
}

static void
framer_skip (SipStream *stream, gsize n)
{
  stream->pos += n;
  stream->skipped += n;
}

/* [line, line + len) without its line end. */
static gsize
framer_line_len (const guint8 *line, const guint8 *nl)
{
  return (gsize) (nl > line && nl[-1] == '\r' ? nl - 1 - line : nl - line);
}

/* A byte that no start line holds: a control character other than HTAB
 * and CR. */
static gboolean
framer_line_is_hopeless (const guint8 *p, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\r') || p[i] == 0x7f)
      return TRUE;
  return FALSE;
}

static void
framer_begin_message (SipStream *stream)
{
  stream->state = FRAMER_HEADERS;
  stream->scan = 0;
  stream->header_to = 0;
  stream->content_length = -1;
}

static void
framer_begin_hunt (SipStream *stream, gboolean mid_line)
{
  stream->state = FRAMER_HUNT;
  stream->mid_line = mid_line;
}

/* Bytes of a keep-alive at p: CRLFCRLF (ping), CRLF (pong) or a lone CR
 * or LF; 0 while what is there could still become a ping. */
static gsize
framer_keepalive_len (const guint8 *p, gsize n)
{
  static const char ping[] = "\r\n\r\n";
  if (n >= 4 && memcmp (p, ping, 4) == 0)
    return 4;
  if (n < 4 && memcmp (p, ping, n) == 0)
    return 0;
  if (n >= 2 && p[0] == '\r' && p[1] == '\n')
    return 2;
  return 1;
}

static gboolean
framer_step_boundary (SipStream *stream)
{
  const guint8 *p = framer_peek (stream);
  gsize n = framer_available (stream);
  if (n == 0)
    return FALSE;
  if (p[0] != '\r' && p[0] != '\n')
    {
      framer_begin_message (stream);
      return TRUE;
    }
  gsize len = framer_keepalive_len (p, n);
  if (len == 0)
    return FALSE;
  stream->pos += len;
  stream->counters->sip_keepalives++;
  stream->carried_sip = TRUE;
  return TRUE;
}

/* Whether the name of the header at [name, end), which ends at
 * *name_end, is Content-Length or its compact form. */
static gboolean
framer_names_content_length (const char *name, const char *end,
                             const char **name_end)
{
  static const char full[] = "content-length";
  const gsize full_len = sizeof full - 1;
  /* The usual spelling first: equal but for the case of its letters, the
   * bytes are all token bytes, so the name ends where a non-token byte
   * follows them. */
  if ((gsize) (end - name) > full_len
      && sip_lex_equal_ci (name, full_len, full, full_len)
      && !sip_lex_is (name[full_len], SIP_CHAR_TOKEN))
    {
      *name_end = name + full_len;
      return TRUE;
    }
  *name_end = sip_lex_skip_token (name, end);
  return sip_header_id_from_name (name, (gsize) (*name_end - name))
         == SIP_HEADER_CONTENT_LENGTH;
}

/* The header whose lines are [header_from, header_to), if it is the first
 * Content-Length. */
static void
framer_take_header (SipStream *stream)
{
  if (stream->header_to == 0 || stream->content_length >= 0)
    return;
  const char *name = (const char *) framer_peek (stream) + stream->header_from;
  const char *end = (const char *) framer_peek (stream) + stream->header_to;
  const char *name_end;
  if (!framer_names_content_length (name, end, &name_end))
    return;
  const char *colon = name_end;
  while (colon < end && (*colon == ' ' || *colon == '\t'))
    colon++;
  if (colon == end || *colon != ':')
    return;
  SipSpan value = { colon + 1, (gsize) (end - colon - 1) };
  guint64 n;
  stream->content_length
      = sip_fields_parse_number (value, &n) && n <= G_MAXINT32 ? (gint64) n
                                                               : 0;
}

static void
framer_end_headers (SipStream *stream, gsize header_len)
{
  framer_take_header (stream);
  guint64 body = stream->content_length >= 0 ? (guint64) stream->content_length
                                             : 0;
  if (header_len + body > stream->max_message)
    {
      stream->counters->sip_stream_oversize++;
      stream->counters->sip_stream_messages++;
      stream->func (framer_peek (stream), header_len, &reason_body_over_cap,
                    TRUE, stream->user_data);
      stream->discard = header_len + body;
      stream->state = FRAMER_DISCARD;
      return;
    }
  stream->message_len = header_len + body;
  stream->state = FRAMER_BODY;
}

/* A header line that may start a Content-Length: the name is
 * "Content-Length" or "l" in any case, and the long one needs its colon on
 * this line. framer_take_header decides. */
static gboolean
framer_may_be_content_length (const guint8 *line, gsize len)
{
  guint8 first = line[0] | 0x20;
  return first == 'l'
         || (first == 'c' && len > 14 && (line[8] | 0x20) == 'l');
}

/* A line of the header section other than the empty one: only a header
 * that may be the first Content-Length is kept, with its continuation
 * lines. */
static void
framer_note_header_line (SipStream *stream, const guint8 *line, gsize len)
{
  if (line[0] == ' ' || line[0] == '\t')
    {
      if (stream->header_to > 0)
        stream->header_to = stream->scan + len;
      return;
    }
  if (stream->header_to > 0)
    {
      framer_take_header (stream);
      stream->header_to = 0;
    }
  if (stream->content_length < 0 && framer_may_be_content_length (line, len))
    {
      stream->header_from = stream->scan;
      stream->header_to = stream->scan + len;
    }
}

/* No line end after scan yet. */
static gboolean
framer_headers_wait (SipStream *stream)
{
  gsize n = framer_available (stream);
  if (n > stream->max_message)
    {
      stream->counters->sip_stream_oversize++;
      stream->pos += n;
      framer_begin_hunt (stream, TRUE);
      return TRUE;
    }
  if (stream->scan == 0 && framer_line_is_hopeless (framer_peek (stream), n))
    {
      framer_begin_hunt (stream, FALSE);
      return TRUE;
    }
  return FALSE;
}

static gboolean
framer_step_headers (SipStream *stream)
{
  const guint8 *p = framer_peek (stream);
  gsize n = framer_available (stream);
  for (;;)
    {
      const guint8 *line = p + stream->scan;
      const guint8 *nl = memchr (line, '\n', n - stream->scan);
      if (nl == NULL)
        return framer_headers_wait (stream);
      gsize len = framer_line_len (line, nl);
      gsize next = (gsize) (nl + 1 - p);
      if (stream->scan == 0)
        {
          if (sip_message_check_start_line (line, len) == SIP_PARSE_NOT_SIP)
            {
              framer_begin_hunt (stream, FALSE);
              return TRUE;
            }
          stream->carried_sip = TRUE;
        }
      else if (len == 0)
        {
          framer_end_headers (stream, next);
          return TRUE;
        }
      else
        framer_note_header_line (stream, line, len);
      stream->scan = next;
      if (stream->scan > stream->max_message)
        {
          stream->counters->sip_stream_oversize++;
          stream->pos += stream->scan;
          framer_begin_hunt (stream, FALSE);
          return TRUE;
        }
    }
}

static gboolean
framer_step_body (SipStream *stream)
{
  if (framer_available (stream) < stream->message_len)
    return FALSE;
  stream->counters->sip_stream_messages++;
  stream->func (framer_peek (stream), stream->message_len,
                stream->content_length < 0 ? &reason_no_content_length : NULL,
                FALSE, stream->user_data);
  stream->pos += stream->message_len;
  stream->state = FRAMER_BOUNDARY;
  return TRUE;
}

static gboolean
framer_step_discard (SipStream *stream)
{
  gsize n = (gsize) MIN ((guint64) framer_available (stream),
                         stream->discard);
  stream->pos += n;
  stream->discard -= n;
  if (stream->discard > 0)
    return FALSE;
  stream->state = FRAMER_BOUNDARY;
  return TRUE;
}

static gboolean
framer_step_hunt (SipStream *stream)
{
  const guint8 *p = framer_peek (stream);
  gsize n = framer_available (stream);
  if (n == 0)
    return FALSE;
  const guint8 *nl = memchr (p, '\n', n);
  if (stream->mid_line)
    {
      framer_skip (stream, nl != NULL ? (gsize) (nl + 1 - p) : n);
      stream->mid_line = nl == NULL;
      return TRUE;
    }
  if (nl == NULL)
    {
      if (n <= stream->max_message && !framer_line_is_hopeless (p, n))
        return FALSE;
      framer_skip (stream, n);
      stream->mid_line = TRUE;
      return TRUE;
    }
  if (sip_message_check_start_line (p, framer_line_len (p, nl))
      == SIP_PARSE_OK)
    {
      stream->counters->sip_stream_resyncs++;
      stream->counters->sip_stream_bytes_skipped += stream->skipped;
      stream->skipped = 0;
      stream->carried_sip = TRUE;
      framer_begin_message (stream);
      return TRUE;
    }
  framer_skip (stream, (gsize) (nl + 1 - p));
  return TRUE;
}

/* Drops the consumed bytes of buf, which is being framed. */
static void
framer_compact (SipStream *stream)
{
  if (stream->pos < FRAMER_COMPACT_AFTER)
    g_byte_array_remove_range (stream->buf, 0, (guint) stream->pos);
  else
    {
      GByteArray *rest = g_byte_array_sized_new ((guint) framer_available (stream));
      g_byte_array_append (rest, framer_peek (stream),
                           (guint) framer_available (stream));
      g_byte_array_unref (stream->buf);
      stream->buf = rest;
    }
  framer_view_buffer (stream);
}

static void
framer_process (SipStream *stream)
{
  gboolean more = TRUE;
  while (more)
    switch (stream->state)
      {
      case FRAMER_BOUNDARY: more = framer_step_boundary (stream); break;
      case FRAMER_HEADERS: more = framer_step_headers (stream); break;
      case FRAMER_BODY: more = framer_step_body (stream); break;
      case FRAMER_DISCARD: more = framer_step_discard (stream); break;
      case FRAMER_HUNT: more = framer_step_hunt (stream); break;
      }
}

void
sip_stream_feed (SipStream *stream, const guint8 *data, gsize len)
{
  if (len == 0)
    return;
  stream->had_bytes = TRUE;
  if (stream->buf->len == 0)
    {
      /* Nothing held: the bytes are framed where they are, and only what
       * is left of them is copied. */
      framer_view (stream, data, len);
      framer_process (stream);
      if (framer_available (stream) > 0)
        g_byte_array_append (stream->buf, framer_peek (stream),
                             (guint) framer_available (stream));
      framer_view_buffer (stream);
      return;
    }
  g_byte_array_append (stream->buf, data, (guint) len);
  framer_view_buffer (stream);
  framer_process (stream);
  framer_compact (stream);
}

/* What is held goes: its bytes are skipped. */
static void
framer_drop_held (SipStream *stream)
{
  stream->skipped += framer_available (stream);
  stream->pos = stream->len;
  framer_compact (stream);
}

void
sip_stream_gap (SipStream *stream, guint64 lost)
{
  if (stream->state == FRAMER_DISCARD && lost < stream->discard)
    {
      stream->discard -= lost;
      return;
    }
  framer_drop_held (stream);
  framer_begin_hunt (stream, FALSE);
}

gsize
sip_stream_held (const SipStream *stream)
{
  return stream->buf->len;
}

void
sip_stream_drop_held (SipStream *stream)
{
  framer_drop_held (stream);
  framer_begin_hunt (stream, TRUE);
}

gboolean
sip_stream_finish (SipStream *stream)
{
  gboolean held = framer_available (stream) > 0;
  if (stream->state == FRAMER_BODY
      || (stream->state == FRAMER_HEADERS && stream->scan > 0))
    {
      stream->counters->sip_stream_incomplete++;
      stream->pos = stream->len;
    }
  else if (stream->state == FRAMER_BOUNDARY && held)
    {
      /* CR and LF only: a ping cut short */
      stream->counters->sip_keepalives++;
      stream->carried_sip = TRUE;
      stream->pos = stream->len;
    }
  framer_drop_held (stream);
  if (stream->carried_sip)
    stream->counters->sip_stream_bytes_skipped += stream->skipped;
  stream->skipped = 0;
  stream->state = FRAMER_BOUNDARY;
  return stream->had_bytes && !stream->carried_sip;
}
