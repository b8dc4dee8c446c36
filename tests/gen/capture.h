/* A capture file being generated: its frames with what each one is (the
 * generator's own knowledge, from which the truth summary is counted),
 * numbered in time order, and saved as pcap or pcapng. */
#pragma once

#include <glib.h>

/* What a frame is, in the terms of sipscan's frame counters. */
typedef enum {
  FRAME_SIP,
  FRAME_NOT_SIP,
  FRAME_MALFORMED,
  FRAME_TRUNCATED,
  FRAME_UNSUPPORTED,
  FRAME_IP_FRAGMENT,
  FRAME_TCP,
  FRAME_SCTP,
  FRAME_KIND_COUNT
} FrameKind;

typedef struct {
  gint64 time;          /* nanoseconds since the epoch */
  GBytes *data;         /* the captured bytes */
  guint32 wirelen;
  FrameKind kind;
  guint sip_messages;   /* SIP messages sipscan parses in it */
  gboolean tunneled;    /* decoded through a tunnel or mirror */
  gboolean hep;         /* a HEP packet */
  guint64 number;       /* 1-based; set by capture_number_frames */
  guint seq;            /* order of addition */
} CapturePacket;

typedef enum {
  CAPTURE_PCAP,
  CAPTURE_PCAPNG,
} CaptureFormat;

typedef struct _Capture Capture;

Capture *capture_new (const char *file_name, CaptureFormat format,
                      guint32 linktype);
void capture_free (Capture *capture);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Capture, capture_free)

const char *capture_peek_name (const Capture *capture);
guint32 capture_get_linktype (const Capture *capture);
/* The frames; in time order once capture_number_frames has run. */
GPtrArray *capture_peek_packets (const Capture *capture);

/* Adds a frame of wirelen bytes of which the first caplen were captured.
 * Frames may be added in any time order. A FRAME_SIP frame holds one SIP
 * message unless the caller changes sip_messages. */
CapturePacket *capture_add (Capture *capture, gint64 time,
                            const guint8 *data, gsize caplen, gsize wirelen,
                            FrameKind kind);

/* Sorts each capture by time and numbers the frames in the order of all
 * captures merged by time, as mergecap(1) does; a single capture is
 * numbered by its position in the file. Two frames with the same time
 * would make that order ambiguous: that aborts. */
void capture_number_frames (Capture **captures, guint n_captures);

/* Writes dir/file_name; capture_number_frames must have run. */
gboolean capture_save (Capture *capture, const char *dir, GError **error);
