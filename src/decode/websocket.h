/* WebSocket (RFC 6455) on one direction of a TCP stream: the opening
 * handshake, then frames, then whole data messages handed to the caller.
 * Knows nothing of what the messages carry beyond the subprotocol name
 * the caller looks for; the policies are described in websocket.c. */
#pragma once

#include "sipscan.h"

typedef struct _WsStream WsStream;

typedef enum {
  WS_HANDSHAKE_MORE,    /* the HTTP header section is not complete */
  WS_HANDSHAKE_OFFER,   /* a client asked to upgrade, offering the
                           subprotocol: what follows is frames */
  WS_HANDSHAKE_ACCEPT,  /* a server switched to WebSocket with the
                           subprotocol: what follows is frames */
  WS_HANDSHAKE_OTHER,   /* an upgrade to WebSocket without the
                           subprotocol */
  WS_HANDSHAKE_NONE,    /* HTTP that does not upgrade to WebSocket */
} WsHandshake;

/* One whole data message, unmasked, valid during the call. */
typedef void (*WsMessageFunc) (const guint8 *data, gsize len,
                               gpointer user_data);

/* Holds at most max_message bytes of one message (and of the handshake);
 * counts go to counters (websocket_*). */
WsStream *ws_stream_new (const char *subprotocol, gsize max_message,
                         SipscanCounters *counters, WsMessageFunc func,
                         gpointer user_data);
void ws_stream_free (WsStream *ws);
/* Bytes held: the handshake's header section so far, or the message
 * being received. */
gsize ws_stream_held (const WsStream *ws);
/* Discards what is held (for a cap on what all streams hold): the rest
 * of the message is skipped; a handshake cut short reads no frames. */
void ws_stream_drop_held (WsStream *ws);

/* The next bytes of the stream; returns the handshake's state. Once it
 * is OFFER or ACCEPT, the bytes after the header section and all later
 * ones are decoded as frames. */
WsHandshake ws_stream_feed (WsStream *ws, const guint8 *data, gsize len);
/* The bytes fed so far, while the handshake is MORE or NONE (for
 * whoever reads the stream instead). */
const guint8 *ws_stream_peek_held (const WsStream *ws, gsize *len);
/* lost bytes were never seen: frame boundaries are lost with them, the
 * rest of the stream is skipped. */
void ws_stream_gap (WsStream *ws, guint64 lost);
/* The stream ended. TRUE when a data message was left unfinished. */
gboolean ws_stream_finish (WsStream *ws);
