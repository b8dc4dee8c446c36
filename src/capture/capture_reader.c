#include "capture/capture_reader.h"

#include <pcap/pcap.h>

/* Frame times within 2^62 ns of the epoch (the years 1824 to 2116) leave
 * the analysis room to add timeouts to them and subtract them. A pcapng
 * file's resolution and offset can put a time far beyond. */
#define CAPTURE_MAX_SECONDS \
  ((G_GINT64_CONSTANT (1) << 62) / SIPSCAN_TIME_PER_SECOND)

typedef struct {
  char *name;
  pcap_t *pcap;
  int linktype;
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
  g_free (input->name);
  g_free (input);
}

static void
capture_input_advance (CaptureReader *reader, CaptureInput *input)
{
  struct pcap_pkthdr *header;
  const u_char *bytes;
  input->has_frame = FALSE;
  int rc = pcap_next_ex (input->pcap, &header, &bytes);
  if (rc == 1 && (header->ts.tv_sec > CAPTURE_MAX_SECONDS
                  || header->ts.tv_sec < -CAPTURE_MAX_SECONDS))
    reader->on_error (input->name,
                      "frame time out of range (years 1824 to 2116)",
                      reader->data);
  else if (rc == 1)
    {
      input->frame = (SipscanFrame){
        .time = (SipscanTime) header->ts.tv_sec * SIPSCAN_TIME_PER_SECOND
                + header->ts.tv_usec,
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

static CaptureReader *
capture_reader_new (CaptureErrorFunc on_error, gpointer data)
{
  CaptureReader *reader = g_new0 (CaptureReader, 1);
  reader->inputs = g_ptr_array_new_with_free_func (capture_input_free);
  reader->on_error = on_error;
  reader->data = data;
  return reader;
}

/* pcap is NULL when it could not be opened: errbuf says why. */
static void
capture_reader_add_input (CaptureReader *reader, const char *name,
                          pcap_t *pcap, const char *errbuf)
{
  if (!pcap)
    {
      reader->on_error (name, errbuf, reader->data);
      return;
    }
  CaptureInput *input = g_new0 (CaptureInput, 1);
  input->name = g_strdup (name);
  input->pcap = pcap;
  input->linktype = pcap_datalink (pcap);
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
      char errbuf[PCAP_ERRBUF_SIZE] = "";
      pcap_t *pcap = pcap_open_offline_with_tstamp_precision (
          *path, PCAP_TSTAMP_PRECISION_NANO, errbuf);
      capture_reader_add_input (reader, *path, pcap, errbuf);
    }
  return reader;
}

CaptureReader *
capture_reader_open_file (FILE *file, const char *name,
                          CaptureErrorFunc on_error, gpointer data)
{
  CaptureReader *reader = capture_reader_new (on_error, data);
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  pcap_t *pcap = pcap_fopen_offline_with_tstamp_precision (
      file, PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (!pcap)
    fclose (file);
  capture_reader_add_input (reader, name, pcap, errbuf);
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
