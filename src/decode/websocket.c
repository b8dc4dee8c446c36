/* WebSocket (RFC 6455) as a carrier: SIP over WebSocket (RFC 7118) is one
 * SIP message per WebSocket data message.
 *
 * The opening handshake (§4) is HTTP/1.1 (RFC 9112): a client's GET with
 * `Upgrade: websocket` offering subprotocols in Sec-WebSocket-Protocol,
 * and the server's `101` naming the one it accepts. So this module reads
 * an HTTP header section itself: it sits under whatever the messages
 * carry, next to the TCP reassembly that feeds it, and only compares the
 * subprotocol token its caller names. Each direction of a connection has
 * its own WsStream and decides on its own header section: a request
 * offering the subprotocol (OFFER: RFC 6455 §4.1 has the client send
 * frames only once the server accepted), a 101 accepting it (ACCEPT). A
 * request or 101 upgrading to another subprotocol is OTHER; anything else
 * HTTP is NONE, and its bytes are handed back. Pairing a request with its
 * answer is the caller's business. A header section longer than
 * max_message is NONE.
 *
 * Frames (§5.2): FIN, three reserved bits, opcode, MASK, a 7-bit length
 * or 126 and a 16-bit one or 127 and a 64-bit one (most significant bit
 * 0), the masking key when MASK is set (client frames, §5.3), payload.
 * Only the header bytes are held between feeds; payload bytes are
 * unmasked straight into the message being built. Text (1) and binary
 * (2) frames start a message, continuation frames (0) add to it, FIN ends
 * it (§5.4); control frames (close 8, ping 9, pong 10) may come between
 * and are counted, never handed up. Counted in websocket_errors:
 *   - a reserved opcode, a control frame fragmented or longer than 125
 *     bytes, a 64-bit length with its top bit set: the framing cannot be
 *     trusted, the rest of the stream is skipped;
 *   - a reserved bit set (an extension such as permessage-deflate, RFC
 *     7692, is not decoded): that message is skipped;
 *   - a continuation with no message started, a data frame while one is
 *     unfinished (the unfinished one is dropped): the message is skipped.
 * A message longer than max_message is skipped by count
 * (websocket_oversize), which keeps the framing. After a gap in the TCP
 * stream the frame boundaries are lost: the rest is skipped. */
#include "decode/websocket.h"

#include "util/cursor.h"

#include <string.h>

#define WS_FIN 0x80
#define WS_RESERVED_BITS 0x70
#define WS_OPCODE_MASK 0x0f
#define WS_MASK 0x80
#define WS_LENGTH_MASK 0x7f
#define WS_LENGTH_16 126
#define WS_LENGTH_64 127
#define WS_MAX_HEADER 14
#define WS_MAX_CONTROL_PAYLOAD 125
#define WS_KEEP_ALLOCATION 4096
#define WS_OPCODE_CONTROL 0x8
#define HTTP_SWITCHING_PROTOCOLS 101

enum {
  WS_OPCODE_CONTINUATION = 0x0,
  WS_OPCODE_TEXT = 0x1,
  WS_OPCODE_BINARY = 0x2,
  WS_OPCODE_CLOSE = 0x8,
  WS_OPCODE_PING = 0x9,
  WS_OPCODE_PONG = 0xa,
};

typedef enum {
  WS_STATE_HANDSHAKE,
  WS_STATE_HEADER,     /* reading a frame header */
  WS_STATE_PAYLOAD,    /* reading its payload */
  WS_STATE_DONE,       /* not frames, or the framing is lost */
} WsState;

struct _WsStream {
  char *subprotocol;
  gsize max_message;
  SipscanCounters *counters;
  WsMessageFunc func;
  gpointer user_data;
  WsState state;
  WsHandshake handshake;
  GByteArray *held;        /* HANDSHAKE: the header section so far */
  guint8 header[WS_MAX_HEADER];
  gsize header_len;
  gboolean fin;            /* PAYLOAD: of the current frame */
  gboolean data;           /*   a data frame (not control) */
  gboolean keep;           /*   its payload goes into message */
  gboolean masked;
  guint8 key[4];
  guint64 payload_left;
  guint64 payload_pos;
  gboolean in_message;     /* a data message started, not finished */
  gboolean discard;        /*   and is being skipped */
  GByteArray *message;
};

WsStream *
ws_stream_new (const char *subprotocol, gsize max_message,
               SipscanCounters *counters, WsMessageFunc func,
               gpointer user_data)
{
  WsStream *ws = g_new0 (WsStream, 1);
  ws->subprotocol = g_strdup (subprotocol);
  ws->max_message = max_message;
  ws->counters = counters;
  ws->func = func;
  ws->user_data = user_data;
  ws->state = WS_STATE_HANDSHAKE;
  ws->handshake = WS_HANDSHAKE_MORE;
  ws->held = g_byte_array_new ();
  ws->message = g_byte_array_new ();
  return ws;
}

void
ws_stream_free (WsStream *ws)
{
  if (ws == NULL)
    return;
  g_free (ws->subprotocol);
  g_byte_array_unref (ws->held);
  g_byte_array_unref (ws->message);
  g_free (ws);
}

/* Empties an array, giving back a large allocation (GByteArray never
 * shrinks), so that memory follows what is held. */
static void
ws_empty (GByteArray **array)
{
  if ((*array)->len <= WS_KEEP_ALLOCATION)
    g_byte_array_set_size (*array, 0);
  else
    {
      g_byte_array_unref (*array);
      *array = g_byte_array_new ();
    }
}

gsize
ws_stream_held (const WsStream *ws)
{
  return ws->held->len + ws->message->len;
}

void
ws_stream_drop_held (WsStream *ws)
{
  ws_empty (&ws->held);
  ws_empty (&ws->message);
  if (ws->state == WS_STATE_HANDSHAKE)
    {
      ws->handshake = WS_HANDSHAKE_NONE;
      ws->state = WS_STATE_DONE;
    }
  else if (ws->in_message)
    {
      ws->discard = TRUE;
      ws->keep = FALSE;
    }
}

/* ---- The opening handshake (HTTP/1.1) ---------------------------------- */

typedef struct {
  const char *ptr;
  gsize len;
} WsText;

static WsText
ws_text_trim (WsText text)
{
  while (text.len > 0 && (text.ptr[0] == ' ' || text.ptr[0] == '\t'))
    text.ptr++, text.len--;
  while (text.len > 0
         && (text.ptr[text.len - 1] == ' ' || text.ptr[text.len - 1] == '\t'
             || text.ptr[text.len - 1] == '\r'))
    text.len--;
  return text;
}

static gboolean
ws_text_equal (WsText text, const char *word)
{
  return text.len == strlen (word)
         && g_ascii_strncasecmp (text.ptr, word, text.len) == 0;
}

/* A comma-separated list (RFC 9110 §5.6.1) holding word. */
static gboolean
ws_list_has (WsText list, const char *word)
{
  while (list.len > 0)
    {
      const char *comma = memchr (list.ptr, ',', list.len);
      gsize item_len = comma != NULL ? (gsize) (comma - list.ptr) : list.len;
      if (ws_text_equal (ws_text_trim ((WsText){ list.ptr, item_len }), word))
        return TRUE;
      gsize step = comma != NULL ? item_len + 1 : item_len;
      list.ptr += step;
      list.len -= step;
    }
  return FALSE;
}

/* The end of the header section in held (after its empty line), or 0. */
static gsize
ws_header_section_end (const GByteArray *held)
{
  const guint8 *p = held->data;
  for (gsize i = 0; i < held->len; i++)
    if (p[i] == '\n' && i + 1 < held->len
        && (p[i + 1] == '\n'
            || (p[i + 1] == '\r' && i + 2 < held->len && p[i + 2] == '\n')))
      return i + (p[i + 1] == '\n' ? 2 : 3);
  return 0;
}

/* "HTTP/1.1 101 Switching Protocols": the status code, or 0. */
static guint
ws_status_code (WsText line)
{
  const char *space = memchr (line.ptr, ' ', line.len);
  if (space == NULL || line.len < 5 || strncmp (line.ptr, "HTTP/", 5) != 0)
    return 0;
  gsize left = line.len - (gsize) (space + 1 - line.ptr);
  const char *code = space + 1;
  if (left < 3 || !g_ascii_isdigit (code[0]) || !g_ascii_isdigit (code[1])
      || !g_ascii_isdigit (code[2]) || (left > 3 && code[3] != ' '))
    return 0;
  return (guint) ((code[0] - '0') * 100 + (code[1] - '0') * 10
                  + (code[2] - '0'));
}

static WsHandshake
ws_read_handshake (const WsStream *ws, WsText section)
{
  const char *nl = memchr (section.ptr, '\n', section.len);
  WsText start = ws_text_trim ((WsText){ section.ptr,
                                         (gsize) (nl - section.ptr) });
  gboolean request = start.len >= 4 && strncmp (start.ptr, "GET ", 4) == 0;
  if (!request && ws_status_code (start) != HTTP_SWITCHING_PROTOCOLS)
    return WS_HANDSHAKE_NONE;
  gboolean websocket = FALSE, subprotocol = FALSE;
  const char *end = section.ptr + section.len;
  for (const char *line = nl + 1; line < end;)
    {
      const char *line_end = memchr (line, '\n', (gsize) (end - line));
      const char *colon = memchr (line, ':', (gsize) (line_end - line));
      if (colon != NULL)
        {
          WsText name = { line, (gsize) (colon - line) };
          WsText value = { colon + 1, (gsize) (line_end - colon - 1) };
          if (ws_text_equal (name, "Upgrade"))
            websocket |= ws_list_has (value, "websocket");
          else if (ws_text_equal (name, "Sec-WebSocket-Protocol"))
            subprotocol |= ws_list_has (value, ws->subprotocol);
        }
      line = line_end + 1;
    }
  if (!websocket)
    return WS_HANDSHAKE_NONE;
  if (!subprotocol)
    return WS_HANDSHAKE_OTHER;
  return request ? WS_HANDSHAKE_OFFER : WS_HANDSHAKE_ACCEPT;
}

static void ws_decode (WsStream *ws, const guint8 *data, gsize len);

static void
ws_feed_handshake (WsStream *ws, const guint8 *data, gsize len)
{
  g_byte_array_append (ws->held, data, (guint) len);
  gsize end = ws_header_section_end (ws->held);
  if (end == 0)
    {
      if (ws->held->len > ws->max_message)
        {
          ws->handshake = WS_HANDSHAKE_NONE;
          ws->state = WS_STATE_DONE;
        }
      return;
    }
  ws->handshake = ws_read_handshake (
      ws, (WsText){ (const char *) ws->held->data, end });
  if (ws->handshake != WS_HANDSHAKE_OFFER
      && ws->handshake != WS_HANDSHAKE_ACCEPT)
    {
      ws->state = WS_STATE_DONE;
      if (ws->handshake == WS_HANDSHAKE_OTHER)
        g_byte_array_set_size (ws->held, 0);
      return;
    }
  ws->counters->websocket_streams++;
  ws->state = WS_STATE_HEADER;
  GByteArray *held = ws->held;
  ws->held = g_byte_array_new ();
  ws_decode (ws, held->data + end, held->len - end);
  g_byte_array_unref (held);
}

/* ---- Frames ------------------------------------------------------------- */

static void
ws_lose_framing (WsStream *ws)
{
  ws->counters->websocket_errors++;
  ws->state = WS_STATE_DONE;
}

static void
ws_end_message (WsStream *ws)
{
  ws->in_message = ws->discard = FALSE;
  ws_empty (&ws->message);
}

/* Bytes of the header in ws->header so far: 2, then 2 + extended length
 * + masking key. */
static gsize
ws_header_size (const WsStream *ws)
{
  if (ws->header_len < 2)
    return 2;
  guint8 length = ws->header[1] & WS_LENGTH_MASK;
  return 2 + (length == WS_LENGTH_16 ? 2 : length == WS_LENGTH_64 ? 8 : 0)
         + ((ws->header[1] & WS_MASK) ? 4 : 0);
}

/* Where a data frame's payload goes: kept in the message, or skipped. */
static void
ws_begin_data (WsStream *ws, guint8 opcode, gboolean reserved)
{
  if (opcode == WS_OPCODE_CONTINUATION && !ws->in_message)
    {
      ws->counters->websocket_errors++;
      ws->keep = FALSE;
      return;
    }
  if (opcode != WS_OPCODE_CONTINUATION)
    {
      if (ws->in_message)
        ws->counters->websocket_errors++;
      ws_end_message (ws);
      ws->in_message = TRUE;
    }
  if (reserved && !ws->discard)
    {
      ws->counters->websocket_errors++;
      ws->discard = TRUE;
    }
  if (!ws->discard
      && ws->payload_left > ws->max_message - MIN (ws->max_message,
                                                   ws->message->len))
    {
      ws->counters->websocket_oversize++;
      ws->discard = TRUE;
      g_byte_array_set_size (ws->message, 0);
    }
  ws->keep = !ws->discard;
}

static void
ws_take_header (WsStream *ws)
{
  Cursor cursor = cursor_make (ws->header, ws->header_len);
  guint8 first = 0, second = 0;
  cursor_read_u8 (&cursor, &first);
  cursor_read_u8 (&cursor, &second);
  guint8 opcode = first & WS_OPCODE_MASK;
  guint8 length = second & WS_LENGTH_MASK;
  ws->fin = (first & WS_FIN) != 0;
  ws->data = !(opcode & WS_OPCODE_CONTROL);
  ws->masked = (second & WS_MASK) != 0;
  ws->payload_left = length;
  ws->payload_pos = 0;
  ws->header_len = 0;
  if (length == WS_LENGTH_16)
    {
      guint16 length16 = 0;
      cursor_read_u16 (&cursor, &length16);
      ws->payload_left = length16;
    }
  else if (length == WS_LENGTH_64)
    {
      guint32 high = 0, low = 0;
      cursor_read_u32 (&cursor, &high);
      cursor_read_u32 (&cursor, &low);
      ws->payload_left = ((guint64) high << 32) | low;
    }
  if (ws->masked)
    cursor_read_bytes (&cursor, ws->key, sizeof ws->key);
  ws->counters->websocket_frames++;

  switch (opcode)
    {
    case WS_OPCODE_CLOSE:
    case WS_OPCODE_PING:
    case WS_OPCODE_PONG:
      if (!ws->fin || ws->payload_left > WS_MAX_CONTROL_PAYLOAD)
        {
          ws_lose_framing (ws);
          return;
        }
      ws->counters->websocket_control_frames++;
      ws->keep = FALSE;
      break;
    case WS_OPCODE_CONTINUATION:
    case WS_OPCODE_TEXT:
    case WS_OPCODE_BINARY:
      if (ws->payload_left >> 63)
        {
          ws_lose_framing (ws);
          return;
        }
      ws_begin_data (ws, opcode, (first & WS_RESERVED_BITS) != 0);
      break;
    default:
      ws_lose_framing (ws);
      return;
    }
  ws->state = WS_STATE_PAYLOAD;
}

static void
ws_end_frame (WsStream *ws)
{
  ws->state = WS_STATE_HEADER;
  if (!ws->data || !ws->fin || !ws->in_message)
    return;
  if (!ws->discard)
    {
      ws->counters->websocket_messages++;
      ws->func (ws->message->data, ws->message->len, ws->user_data);
    }
  ws_end_message (ws);
}

/* Returns the bytes of data it used. */
static gsize
ws_step_payload (WsStream *ws, const guint8 *data, gsize len)
{
  gsize n = (gsize) MIN ((guint64) len, ws->payload_left);
  if (ws->keep)
    {
      gsize at = ws->message->len;
      g_byte_array_set_size (ws->message, (guint) (at + n));
      for (gsize i = 0; i < n; i++)
        ws->message->data[at + i]
            = ws->masked ? data[i] ^ ws->key[(ws->payload_pos + i) % 4]
                         : data[i];
    }
  ws->payload_left -= n;
  ws->payload_pos += n;
  if (ws->payload_left == 0)
    ws_end_frame (ws);
  return n;
}

static gsize
ws_step_header (WsStream *ws, const guint8 *data, gsize len)
{
  gsize want = ws_header_size (ws) - ws->header_len;
  gsize n = MIN (want, len);
  memcpy (ws->header + ws->header_len, data, n);
  ws->header_len += n;
  if (ws->header_len == ws_header_size (ws))
    {
      ws_take_header (ws);
      if (ws->state == WS_STATE_PAYLOAD && ws->payload_left == 0)
        ws_end_frame (ws);
    }
  return n;
}

static void
ws_decode (WsStream *ws, const guint8 *data, gsize len)
{
  while (len > 0 && ws->state != WS_STATE_DONE)
    {
      gsize used = ws->state == WS_STATE_HEADER
                       ? ws_step_header (ws, data, len)
                       : ws_step_payload (ws, data, len);
      data += used;
      len -= used;
    }
}

WsHandshake
ws_stream_feed (WsStream *ws, const guint8 *data, gsize len)
{
  if (len == 0)
    return ws->handshake;
  if (ws->state == WS_STATE_HANDSHAKE)
    ws_feed_handshake (ws, data, len);
  else
    ws_decode (ws, data, len);
  return ws->handshake;
}

const guint8 *
ws_stream_peek_held (const WsStream *ws, gsize *len)
{
  *len = ws->held->len;
  return ws->held->data;
}

void
ws_stream_gap (WsStream *ws, guint64 lost)
{
  if (ws->state == WS_STATE_PAYLOAD && lost < ws->payload_left && !ws->keep)
    {
      ws->payload_left -= lost;
      ws->payload_pos += lost;
      return;
    }
  if (ws->state != WS_STATE_HANDSHAKE)
    ws->state = WS_STATE_DONE;
  ws_end_message (ws);
}

gboolean
ws_stream_finish (WsStream *ws)
{
  gboolean unfinished = ws->in_message && !ws->discard;
  ws_end_message (ws);
  ws->state = WS_STATE_DONE;
  return unfinished;
}
