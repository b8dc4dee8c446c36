#include "capture/capture_reader.h"

#include "capture/frame_time.h"
#include "capture/pcapng_reader.h"
#include "capture/peeked_file.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <string.h>

/* pcap files are read by libpcap, pcapng files by pcapng_reader.c. */
typedef struct {
  char *name;
  pcap_t *pcap;
  int linktype;         /* of pcap */
  PcapngReader *pcapng;
  gboolean has_frame;   /* frame below is the input's next one */
  SipscanFrame frame;
} CaptureInput;

struct _CaptureReader {
  GPtrArray *inputs;    /* CaptureInput */
  CaptureInput *handed_out; /* its frame's bytes are in use until the next
                               call: read it again only then */
  guint64 next_number;
  CaptureErrorFunc on_error;
  gpointer data;
};

static void
capture_input_free (gpointer data)
{
  CaptureInput *input = data;
  if (input->pcap)
    pcap_close (input->pcap);
  pcapng_reader_free (input->pcapng);
  g_free (input->name);
  g_free (input);
}

static void
capture_input_advance_pcapng (CaptureReader *reader, CaptureInput *input)
{
  int rc = pcapng_reader_next (input->pcapng, &input->frame);
  input->has_frame = rc == 1;
  if (rc < 0)
    reader->on_error (input->name, pcapng_reader_error (input->pcapng),
                      reader->data);
}

static void
capture_input_advance (CaptureReader *reader, CaptureInput *input)
{
  struct pcap_pkthdr *header;
  const u_char *bytes;
  if (input->pcapng)
    {
      capture_input_advance_pcapng (reader, input);
      return;
    }
  input->has_frame = FALSE;
  int rc = pcap_next_ex (input->pcap, &header, &bytes);
  SipscanTime time = 0;
  if (rc == 1
      && !frame_time_make (header->ts.tv_sec, (guint32) header->ts.tv_usec,
                           &time))
    reader->on_error (input->name, FRAME_TIME_OUT_OF_RANGE, reader->data);
  else if (rc == 1)
    {
      input->frame = (SipscanFrame){
        .time = time,
        .linktype = input->linktype,
        .data = bytes,
        .caplen = header->caplen,
        .wirelen = header->len,
      };
      input->has_frame = TRUE;
    }
  else if (rc == PCAP_ERROR)
    reader->on_error (input->name, pcap_geterr (input->pcap), reader->data);
}

/* Reads file (which it takes) by its first bytes: pcapng with
 * pcapng_reader, anything else with libpcap. FALSE with why. */
static gboolean
capture_input_open_stream (CaptureInput *input, FILE *file,
                           char why[PCAP_ERRBUF_SIZE])
{
  guint8 magic[4];
  gsize got = fread (magic, 1, sizeof magic, file);
  guint32 type = 0;
  memcpy (&type, magic, MIN (got, sizeof type));
  if (got == sizeof magic && type == PCAPNG_MAGIC)
    {
      input->pcapng = pcapng_reader_new (file);
      return TRUE;
    }
  if (got == 0)
    {
      g_strlcpy (why, ferror (file) ? g_strerror (errno) : "empty file",
                 PCAP_ERRBUF_SIZE);
      if (file != stdin)
        fclose (file);
      return FALSE;
    }
  FILE *peeked = peeked_file_open (file, magic, got);
  if (peeked == NULL)
    {
      g_strlcpy (why, g_strerror (errno), PCAP_ERRBUF_SIZE);
      return FALSE;
    }
  input->pcap = pcap_fopen_offline_with_tstamp_precision (
      peeked, PCAP_TSTAMP_PRECISION_NANO, why);
  if (input->pcap == NULL)
    {
      fclose (peeked);
      return FALSE;
    }
  input->linktype = pcap_datalink (input->pcap);
  return TRUE;
}

static CaptureReader *
capture_reader_new (CaptureErrorFunc on_error, gpointer data)
{
  CaptureReader *reader = g_new0 (CaptureReader, 1);
  reader->inputs = g_ptr_array_new_with_free_func (capture_input_free);
  reader->on_error = on_error;
  reader->data = data;
  return reader;
}

static void
capture_reader_add_input (CaptureReader *reader, const char *name,
                          FILE *file)
{
  char why[PCAP_ERRBUF_SIZE] = "";
  CaptureInput *input = g_new0 (CaptureInput, 1);
  if (!capture_input_open_stream (input, file, why))
    {
      reader->on_error (name, why, reader->data);
      capture_input_free (input);
      return;
    }
  input->name = g_strdup (name);
  g_ptr_array_add (reader->inputs, input);
  capture_input_advance (reader, input);
}

CaptureReader *
capture_reader_open (const char *const *paths, CaptureErrorFunc on_error,
                     gpointer data)
{
  CaptureReader *reader = capture_reader_new (on_error, data);
  for (const char *const *path = paths; *path; path++)
    {
      FILE *file = strcmp (*path, "-") == 0 ? stdin : fopen (*path, "rb");
      if (file == NULL)
        reader->on_error (*path, g_strerror (errno), reader->data);
      else
        capture_reader_add_input (reader, *path, file);
    }
  return reader;
}

CaptureReader *
capture_reader_open_file (FILE *file, const char *name,
                          CaptureErrorFunc on_error, gpointer data)
{
  CaptureReader *reader = capture_reader_new (on_error, data);
  capture_reader_add_input (reader, name, file);
  return reader;
}

gboolean
capture_reader_next (CaptureReader *reader, SipscanFrame *frame)
{
  if (reader->handed_out)
    capture_input_advance (reader, reader->handed_out);
  reader->handed_out = NULL;
  CaptureInput *earliest = NULL;
  for (guint i = 0; i < reader->inputs->len; i++)
    {
      CaptureInput *input = reader->inputs->pdata[i];
      if (input->has_frame
          && (!earliest || input->frame.time < earliest->frame.time))
        earliest = input;
    }
  if (!earliest)
    return FALSE;
  *frame = earliest->frame;
  frame->number = ++reader->next_number;
  reader->handed_out = earliest;
  return TRUE;
}

void
capture_reader_close (CaptureReader *reader)
{
  if (!reader)
    return;
  g_ptr_array_free (reader->inputs, TRUE);
  g_free (reader);
}
