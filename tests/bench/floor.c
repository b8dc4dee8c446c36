/* floor: the least any reader of a capture must do, to compare sipscan
 * with: libpcap reads every packet of the file and every byte of each is
 * touched (summed), nothing else.
 *
 *   floor CAPTURE      prints "frames F bytes B sum S" */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>

int
main (int argc, char **argv)
{
  char error[PCAP_ERRBUF_SIZE];
  struct pcap_pkthdr *header;
  const unsigned char *data;
  uint64_t frames = 0, bytes = 0, sum = 0;
  int status;

  if (argc != 2)
    {
      fprintf (stderr, "usage: floor CAPTURE\n");
      return 2;
    }
  pcap_t *pcap = pcap_open_offline (argv[1], error);
  if (!pcap)
    {
      fprintf (stderr, "floor: %s\n", error);
      return 1;
    }
  while ((status = pcap_next_ex (pcap, &header, &data)) == 1)
    {
      frames++;
      bytes += header->caplen;
      for (uint32_t i = 0; i < header->caplen; i++)
        sum += data[i];
    }
  if (status != PCAP_ERROR_BREAK)
    fprintf (stderr, "floor: %s\n", pcap_geterr (pcap));
  pcap_close (pcap);
  printf ("frames %llu bytes %llu sum %llu\n", (unsigned long long) frames,
          (unsigned long long) bytes, (unsigned long long) sum);
  return status == PCAP_ERROR_BREAK ? 0 : 1;
}
