/* The first bytes of a TCP stream.
 *
 * TLS (RFC 8446 §5.1, RFC 5246 §6.2.1): every record starts with a
 * content type (20 change_cipher_spec, 21 alert, 22 handshake, 23
 * application_data) and a version 3.x (SSL 3.0 to TLS 1.3, whose records
 * still say 3.1 or 3.3). A stream whose capture started mid-connection
 * begins with application data, so all four types count. No SIP start
 * line begins with a byte below 0x20, so nothing SIP is lost.
 *
 * HTTP/1.1 (RFC 9112 §3, §4): a WebSocket opening handshake (RFC 6455
 * §4.1) is a GET request, and its answer a status line "HTTP/1.1 101".
 * Other HTTP methods cannot upgrade to WebSocket and stay OTHER. */
#include "decode/stream_kind.h"

#include "util/cursor.h"

#define TLS_CONTENT_TYPE_FIRST 20
#define TLS_CONTENT_TYPE_LAST 23
#define TLS_MAJOR_VERSION 3
#define TLS_MINOR_VERSION_LAST 4

static const char http_request[] = "GET ";
static const char http_status[] = "HTTP/";

/* TRUE, with *whole set, when data could start with prefix. */
static gboolean
stream_kind_has_prefix (const guint8 *data, gsize len, const char *prefix,
                        gboolean *whole)
{
  gsize n = strlen (prefix);
  *whole = len >= n;
  return memcmp (data, prefix, MIN (len, n)) == 0;
}

static StreamKind
stream_kind_guess_tls (const guint8 *data, gsize len)
{
  Cursor cursor = cursor_make (data, len);
  guint8 type = 0, major = 0, minor = 0;
  cursor_read_u8 (&cursor, &type);
  if (type < TLS_CONTENT_TYPE_FIRST || type > TLS_CONTENT_TYPE_LAST)
    return STREAM_KIND_OTHER;
  if (!cursor_read_u8 (&cursor, &major))
    return STREAM_KIND_MORE;
  if (major != TLS_MAJOR_VERSION)
    return STREAM_KIND_OTHER;
  if (!cursor_read_u8 (&cursor, &minor))
    return STREAM_KIND_MORE;
  return minor <= TLS_MINOR_VERSION_LAST ? STREAM_KIND_TLS : STREAM_KIND_OTHER;
}

StreamKind
stream_kind_guess (const guint8 *data, gsize len)
{
  gboolean whole;
  if (len == 0)
    return STREAM_KIND_MORE;
  StreamKind tls = stream_kind_guess_tls (data, len);
  if (tls != STREAM_KIND_OTHER)
    return tls;
  if (stream_kind_has_prefix (data, len, http_request, &whole)
      || stream_kind_has_prefix (data, len, http_status, &whole))
    return whole ? STREAM_KIND_HTTP : STREAM_KIND_MORE;
  return STREAM_KIND_OTHER;
}
