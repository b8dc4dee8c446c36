/* Scanners known by their User-Agent (SIPVicious, sipcli, ...). */
#pragma once

#include <glib.h>

/* The scanner a User-Agent names, or NULL. */
const char *scanner_agent_name (const char *user_agent, gsize len);

/* The answers for recent User-Agents, for a caller asking on every
 * request: phones repeat theirs. Zero-initialised. */
#define SCANNER_AGENT_MEMO_SLOTS 64
#define SCANNER_AGENT_MEMO_TEXT 52

typedef struct {
  guint8 len;           /* 0: empty */
  char text[SCANNER_AGENT_MEMO_TEXT];
  const char *scanner;
} ScannerAgentMemoSlot;

typedef struct {
  ScannerAgentMemoSlot slots[SCANNER_AGENT_MEMO_SLOTS];
} ScannerAgentMemo;

/* scanner_agent_name's answer, remembered. */
const char *scanner_agent_memo_name (ScannerAgentMemo *memo,
                                     const char *user_agent, gsize len);
