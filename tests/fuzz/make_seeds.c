/* Cuts seed inputs for the fuzzing harnesses out of capture files:
 *   OUT/fuzz_sip_message/    every UDP payload and TCP segment's data
 *   OUT/fuzz_frame_decoder/  runs of consecutive frames (fuzz_frames.h),
 *                            and runs of their UDP payloads and TCP
 *                            segments' data for the plugin's entry
 *   OUT/fuzz_capture_file/   the file, or its first frames when it is big
 * Each seed is named by the SHA-1 of its bytes, as libFuzzer names inputs.
 * Usage: fuzz_make_seeds OUT CAPTURE... */
#include "fuzz_frames.h"

#include "capture/capture_reader.h"
#include "decode/frame_decoder.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEED_MAX_SIP_MESSAGE 8192
#define SEED_MAX_FRAMES_INPUT 16384
#define SEED_FRAMES_PER_INPUT 12
#define SEED_MAX_FRAMES_INPUTS 40
#define SEED_MAX_CAPTURE_FILE 65536

static gboolean seeds_failed;

static void
seed_write (const char *out, const char *harness, const guint8 *data,
            gsize len)
{
  char *name = g_compute_checksum_for_data (G_CHECKSUM_SHA1, data, len);
  char *dir = g_build_filename (out, harness, NULL);
  char *path = g_build_filename (dir, name, NULL);
  GError *error = NULL;
  if (g_mkdir_with_parents (dir, 0755) != 0
      || !g_file_set_contents (path, (const char *) data, (gssize) len,
                               &error))
    {
      fprintf (stderr, "make_seeds: %s: %s\n", path,
               error ? error->message : g_strerror (errno));
      g_clear_error (&error);
      seeds_failed = TRUE;
    }
  g_free (path);
  g_free (dir);
  g_free (name);
}

static void
on_capture_error (const char *name, const char *reason, gpointer data)
{
  fprintf (stderr, "make_seeds: %s: %s\n", name, reason);
  seeds_failed = TRUE;
}

static guint8
link_index (int linktype)
{
  for (guint8 i = 0; i <= FUZZ_FRAMES_LINK_MASK; i++)
    if (fuzz_frames_link_types[i] == linktype)
      return i;
  return FUZZ_FRAMES_LINK_MASK;
}

/* The step whose time is nearest to elapsed. */
static guint8
time_step_for (SipscanTime elapsed)
{
  guint step = 0;
  while (step < 255 && fuzz_frames_time_step ((guint8) (step + 1)) <= elapsed)
    step++;
  if (step < 255
      && fuzz_frames_time_step ((guint8) (step + 1)) - elapsed
             < elapsed - fuzz_frames_time_step ((guint8) step))
    step++;
  return (guint8) step;
}

/* Runs of frames for fuzz_frame_decoder, written when full. */
typedef struct {
  const char *out;
  guint8 first_byte;  /* the link type's index, or the entry's bit */
  GByteArray *input;
  guint frames;
  guint inputs;
  SipscanTime last_time;
} FramesSeed;

static void
frames_seed_flush (FramesSeed *seed)
{
  if (seed->frames > 0 && seed->inputs < SEED_MAX_FRAMES_INPUTS)
    {
      seed_write (seed->out, "fuzz_frame_decoder", seed->input->data,
                  seed->input->len);
      seed->inputs++;
    }
  g_byte_array_set_size (seed->input, 0);
  seed->frames = 0;
}

/* second_byte: bytes cut by the snaplen, or a message's addressing. */
static void
frames_seed_add (FramesSeed *seed, SipscanTime time, guint8 second_byte,
                 const guint8 *bytes, gsize len)
{
  len = MIN (len, G_MAXUINT16);
  if (seed->input->len + FUZZ_FRAMES_HEADER_LEN + len
      > SEED_MAX_FRAMES_INPUT)
    frames_seed_flush (seed);
  if (seed->input->len == 0)
    g_byte_array_append (seed->input, &seed->first_byte, 1);
  guint8 header[FUZZ_FRAMES_HEADER_LEN] = {
    seed->frames > 0 ? time_step_for (time - seed->last_time) : 0,
    second_byte,
    (guint8) (len >> 8),
    (guint8) len,
  };
  g_byte_array_append (seed->input, header, sizeof header);
  g_byte_array_append (seed->input, bytes, (guint) len);
  seed->last_time = time;
  if (++seed->frames == SEED_FRAMES_PER_INPUT)
    frames_seed_flush (seed);
}

static gboolean
endpoint_equal (const SipscanEndpoint *a, const SipscanEndpoint *b)
{
  return a->family == b->family && a->port == b->port
         && memcmp (a->addr, b->addr, sizeof a->addr) == 0;
}

/* The addressing byte of FuzzMessageAddress for a message from an
 * endpoint to another: endpoints get the four slots in the order they are
 * first seen, and share them from the fifth on. */
static guint8
message_address_byte (GArray *seen, const DecodedFrame *decoded)
{
  const SipscanEndpoint *ends[2] = { &decoded->src, &decoded->dst };
  guint slot[2];
  for (guint e = 0; e < 2; e++)
    {
      guint i = 0;
      while (i < seen->len
             && !endpoint_equal (&g_array_index (seen, SipscanEndpoint, i),
                                 ends[e]))
        i++;
      if (i == seen->len)
        g_array_append_val (seen, *ends[e]);
      slot[e] = i % G_N_ELEMENTS (fuzz_frames_endpoints);
    }
  guint transport = decoded->verdict == DECODE_TCP ? SIPSCAN_TRANSPORT_TCP
                                                   : SIPSCAN_TRANSPORT_UDP;
  return (guint8) (slot[0] | slot[1] << 2 | transport << 4);
}

/* A frame's UDP payload or TCP segment data: a seed of its own for
 * fuzz_sip_message, and a message for the plugin's entry. */
static void
sip_message_seed_add (const char *out, FrameDecoder *decoder,
                      const SipscanFrame *frame, FramesSeed *messages,
                      GArray *endpoints)
{
  DecodedFrame decoded = { 0 };
  frame_decoder_decode (decoder, frame, &decoded);
  if ((decoded.verdict == DECODE_PAYLOAD || decoded.verdict == DECODE_TCP)
      && decoded.payload_len > 0
      && decoded.payload_len <= SEED_MAX_SIP_MESSAGE)
    {
      seed_write (out, "fuzz_sip_message", decoded.payload,
                  decoded.payload_len);
      frames_seed_add (messages, frame->time,
                       message_address_byte (endpoints, &decoded),
                       decoded.payload, decoded.payload_len);
    }
}

/* The capture's first frames, as a pcap file of at most
 * SEED_MAX_CAPTURE_FILE bytes. */
typedef struct {
  pcap_t *pcap;
  FILE *file;
  char *buf;
  size_t len;
  pcap_dumper_t *dumper;
} CaptureSeed;

static void
capture_seed_open (CaptureSeed *seed, int linktype)
{
  seed->pcap = pcap_open_dead_with_tstamp_precision (
      linktype, 262144, PCAP_TSTAMP_PRECISION_NANO);
  seed->file = open_memstream (&seed->buf, &seed->len);
  seed->dumper = pcap_dump_fopen (seed->pcap, seed->file);
}

static void
capture_seed_add (CaptureSeed *seed, const SipscanFrame *frame)
{
  if (seed->dumper == NULL
      || (size_t) pcap_dump_ftell64 (seed->dumper) + 16 + frame->caplen
             > SEED_MAX_CAPTURE_FILE)
    return;
  struct pcap_pkthdr header = {
    .ts.tv_sec = frame->time / SIPSCAN_TIME_PER_SECOND,
    .ts.tv_usec = frame->time % SIPSCAN_TIME_PER_SECOND,
    .caplen = frame->caplen,
    .len = frame->wirelen,
  };
  pcap_dump ((u_char *) seed->dumper, &header, frame->data);
}

static void
capture_seed_close (CaptureSeed *seed, const char *out)
{
  pcap_dump_close (seed->dumper);
  seed_write (out, "fuzz_capture_file", (const guint8 *) seed->buf,
              seed->len);
  free (seed->buf);
  pcap_close (seed->pcap);
}

static void
seeds_from_capture (const char *out, const char *path)
{
  gchar *contents = NULL;
  gsize len = 0;
  if (g_file_get_contents (path, &contents, &len, NULL)
      && len <= SEED_MAX_CAPTURE_FILE)
    seed_write (out, "fuzz_capture_file", (const guint8 *) contents, len);
  const char *const paths[] = { path, NULL };
  CaptureReader *reader = capture_reader_open (paths, on_capture_error, NULL);
  SipscanOptions options;
  sipscan_options_init (&options);
  SipscanCounters counters = { 0 };
  FrameDecoder *decoder = frame_decoder_new (&options, &counters);
  FramesSeed frames = { .out = out, .input = g_byte_array_new () };
  FramesSeed messages = { .out = out, .input = g_byte_array_new (),
                          .first_byte = FUZZ_FRAMES_PLUGIN_ENTRY };
  GArray *endpoints = g_array_new (FALSE, FALSE, sizeof (SipscanEndpoint));
  CaptureSeed capture = { 0 };
  SipscanFrame frame;
  gboolean first = TRUE;
  while (capture_reader_next (reader, &frame))
    {
      if (first)
        {
          frames.first_byte = link_index (frame.linktype);
          if (len > SEED_MAX_CAPTURE_FILE)
            capture_seed_open (&capture, frame.linktype);
          first = FALSE;
        }
      sip_message_seed_add (out, decoder, &frame, &messages, endpoints);
      frames_seed_add (&frames, frame.time,
                       (guint8) MIN (frame.wirelen - frame.caplen, 255u),
                       frame.data, frame.caplen);
      if (capture.dumper != NULL)
        capture_seed_add (&capture, &frame);
    }
  frames_seed_flush (&frames);
  frames_seed_flush (&messages);
  if (capture.dumper != NULL)
    capture_seed_close (&capture, out);
  g_array_unref (endpoints);
  g_byte_array_unref (frames.input);
  g_byte_array_unref (messages.input);
  frame_decoder_free (decoder);
  capture_reader_close (reader);
  g_free (contents);
}

int
main (int argc, char **argv)
{
  if (argc < 3)
    {
      fprintf (stderr, "usage: fuzz_make_seeds OUT CAPTURE...\n");
      return 2;
    }
  for (int i = 2; i < argc; i++)
    seeds_from_capture (argv[1], argv[i]);
  return seeds_failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
