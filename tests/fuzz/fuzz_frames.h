/* The input of fuzz_frame_decoder, a capture in miniature, which
 * make_seeds.c writes too:
 *
 *   byte 0     bits 0-3 choose the link type (fuzz_frames_link_types);
 *              bit 6 runs tracking and detection on a thread of their
 *              own (options.analysis_thread): an input asking for the
 *              other way than the capture's starts a new capture; bit 7
 *              ends the capture after this input
 *   then, per frame, a header: time step (fuzz_frames_time_step), bytes
 *   cut by the snaplen, length (2 bytes, big-endian); then the frame's
 *   bytes (fewer when the input ends first) */
#pragma once

#include "decode/link.h"
#include "sipscan.h"

#define FUZZ_FRAMES_LINK_MASK 0x0f
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
