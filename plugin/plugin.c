/* The plugin's entry points, the only symbols it exports (everything else
 * is built with hidden visibility): Wireshark loads epan plugins built for
 * its own major.minor version only. */
#define WS_BUILD_DLL
#include <wireshark.h>

#include <epan/proto.h>
#include <epan/tap.h>

#include "sipscan.h"
#include "sipscan_plugin.h"

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = SIPSCAN_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register (void);

void
plugin_register (void)
{
  static proto_plugin proto = {
    .register_protoinfo = sipscan_proto_register,
    .register_handoff = sipscan_proto_reg_handoff,
  };
  static tap_plugin tap = {
    .register_tap_listener = sipscan_stats_register,
  };
  proto_register_plugin (&proto);
  tap_register_plugin (&tap);
}
