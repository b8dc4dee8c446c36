/* Cuts seed inputs for the fuzzing harnesses out of capture files:
 *   OUT/fuzz_sip_message/    every UDP payload and TCP segment's data
 *   OUT/fuzz_frame_decoder/  runs of consecutive frames (fuzz_frames.h)
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
  g_byte_array_set_size (seed->input, 1);
  seed->frames = 0;
}

static void
frames_seed_add (FramesSeed *seed, const SipscanFrame *frame)
{
  gsize caplen = MIN (frame->caplen, G_MAXUINT16);
  if (seed->input->len + FUZZ_FRAMES_HEADER_LEN + caplen
      > SEED_MAX_FRAMES_INPUT)
    frames_seed_flush (seed);
  guint8 header[FUZZ_FRAMES_HEADER_LEN] = {
    seed->frames > 0 ? time_step_for (frame->time - seed->last_time) : 0,
    (guint8) MIN (frame->wirelen - frame->caplen, 255u),
    (guint8) (caplen >> 8),
    (guint8) caplen,
  };
  g_byte_array_append (seed->input, header, sizeof header);
  g_byte_array_append (seed->input, frame->data, (guint) caplen);
  seed->last_time = frame->time;
  if (++seed->frames == SEED_FRAMES_PER_INPUT)
    frames_seed_flush (seed);
}

static void
sip_message_seed_add (const char *out, FrameDecoder *decoder,
                      const SipscanFrame *frame)
{
  DecodedFrame decoded = { 0 };
  frame_decoder_decode (decoder, frame, &decoded);
  if ((decoded.verdict == DECODE_PAYLOAD || decoded.verdict == DECODE_TCP)
      && decoded.payload_len > 0
      && decoded.payload_len <= SEED_MAX_SIP_MESSAGE)
    seed_write (out, "fuzz_sip_message", decoded.payload,
                decoded.payload_len);
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
  CaptureSeed capture = { 0 };
  SipscanFrame frame;
  while (capture_reader_next (reader, &frame))
    {
      if (frames.input->len == 0)
        {
          guint8 link = link_index (frame.linktype);
          g_byte_array_append (frames.input, &link, 1);
          if (len > SEED_MAX_CAPTURE_FILE)
            capture_seed_open (&capture, frame.linktype);
        }
      sip_message_seed_add (out, decoder, &frame);
      frames_seed_add (&frames, &frame);
      if (capture.dumper != NULL)
        capture_seed_add (&capture, &frame);
    }
  frames_seed_flush (&frames);
  if (capture.dumper != NULL)
    capture_seed_close (&capture, out);
  g_byte_array_unref (frames.input);
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
