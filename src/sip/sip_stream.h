/* SIP message framing on a byte stream (RFC 3261 §18.3): cuts what a
 * stream transport delivers, in order, into whole messages for
 * sip_parser_parse_datagram. Knows nothing of the transport: gaps are
 * reported to it by whoever reassembles the stream. The policies are
 * described in sip_stream.c. */
#pragma once

#include "sipscan.h"
#include "util/reason.h"

typedef struct _SipStream SipStream;

/* One whole message: exactly its bytes, start line to end of body, valid
 * during the call. violation is a tolerated framing violation (a message
 * without Content-Length, a body over the cap) or NULL. head_only: the
 * body was over the cap, so data holds the start line and header section
 * only (sip_parser_parse_head), and the body is skipped. */
typedef void (*SipStreamMessageFunc) (const guint8 *data, gsize len,
                                      const Reason *violation,
                                      gboolean head_only,
                                      gpointer user_data);

/* Holds at most max_message bytes of one message; counts go to counters
 * (sip_stream_*, sip_keepalives). */
SipStream *sip_stream_new (gsize max_message, SipscanCounters *counters,
                           SipStreamMessageFunc func, gpointer user_data);
void sip_stream_free (SipStream *stream);

/* The next bytes of the stream. */
void sip_stream_feed (SipStream *stream, const guint8 *data, gsize len);
/* lost bytes of the stream were never seen; the next ones follow them. */
void sip_stream_gap (SipStream *stream, guint64 lost);
/* Bytes held for the message being framed. */
gsize sip_stream_held (const SipStream *stream);
/* Discards what is held, as if those bytes were lost: the framer hunts
 * for the next start line (for a cap on what all streams hold). */
void sip_stream_drop_held (SipStream *stream);
/* The stream ended; a message left unfinished counts as incomplete.
 * TRUE when the stream had bytes and none of them was SIP. */
gboolean sip_stream_finish (SipStream *stream);
