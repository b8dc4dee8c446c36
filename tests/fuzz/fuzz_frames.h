/* The input of fuzz_frame_decoder, a capture in miniature, which
 * make_seeds.c writes too:
 *
 *   byte 0     bits 0-3 choose the link type (fuzz_frames_link_types);
 *              bit 5 hands each frame's bytes to the plugin's entry
 *              instead, as one SIP message someone else extracted
 *              (sipscan_analyzer_add_sip_message); bit 6 runs tracking
 *              and detection on a thread of their own
 *              (options.analysis_thread); an input asking for another
 *              entry or way of running than the capture's starts a new
 *              capture; bit 7 ends the capture after this input
 *   then, per frame, a header: time step (fuzz_frames_time_step), bytes
 *   cut by the snaplen, length (2 bytes, big-endian); then the frame's
 *   bytes (fewer when the input ends first). For the plugin's entry, the
 *   second byte of the header is the message's addressing instead
 *   (FuzzMessageAddress). */
#pragma once

#include "decode/link.h"
#include "sipscan.h"

#define FUZZ_FRAMES_LINK_MASK 0x0f
#define FUZZ_FRAMES_PLUGIN_ENTRY 0x20
#define FUZZ_FRAMES_ANALYSIS_THREAD 0x40
#define FUZZ_FRAMES_END_CAPTURE 0x80
#define FUZZ_FRAMES_HEADER_LEN 4

static const int fuzz_frames_link_types[FUZZ_FRAMES_LINK_MASK + 1] = {
  LINKTYPE_ETHERNET,  LINKTYPE_ETHERNET, LINKTYPE_ETHERNET, LINKTYPE_ETHERNET,
  LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2, LINKTYPE_NULL,   LINKTYPE_LOOP,
  LINKTYPE_RAW,       LINKTYPE_RAW,      LINKTYPE_RAW_DLT12, LINKTYPE_RAW_DLT14,
  LINKTYPE_IPV4,      LINKTYPE_IPV6,     LINKTYPE_ETHERNET, 147, /* USER0 */
};

/* From 20 µs to 331 s: small steps for retransmissions, large ones for
 * every timeout. */
static inline SipscanTime
fuzz_frames_time_step (guint8 step)
{
  return (SipscanTime) step * step * step * 20000;
}

/* A SIP message's addressing for the plugin's entry, in one byte: bits 0-1
 * the source (fuzz_frames_endpoints), bits 2-3 the destination, bits 4-6
 * the transport (modulo their number), bit 7 set when the message shares
 * the previous one's frame, as messages of one TCP segment do. */
typedef struct {
  const SipscanEndpoint *src, *dst;
  SipscanTransport transport;
  gboolean same_frame;
} FuzzMessageAddress;

#define FUZZ_FRAMES_N_TRANSPORTS (SIPSCAN_TRANSPORT_WS + 1)
#define FUZZ_FRAMES_SAME_FRAME 0x80

static const SipscanEndpoint fuzz_frames_endpoints[4] = {
  { 4, 5060, { 192, 0, 2, 1 } },
  { 4, 5060, { 192, 0, 2, 2 } },
  { 6, 5061, { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } },
  { 4, 41234, { 198, 51, 100, 7 } },
};

static inline FuzzMessageAddress
fuzz_frames_message_address (guint8 byte)
{
  return (FuzzMessageAddress){
    .src = &fuzz_frames_endpoints[byte & 3],
    .dst = &fuzz_frames_endpoints[(byte >> 2) & 3],
    .transport = (SipscanTransport) (((byte >> 4) & 7)
                                     % FUZZ_FRAMES_N_TRANSPORTS),
    .same_frame = (byte & FUZZ_FRAMES_SAME_FRAME) != 0,
  };
}
