/* gen_captures OUTDIR: writes every scenario capture and its truth file.
 * The output depends on nothing but this program: no clock, no
 * randomness. */
#include "scenario.h"

#include <glib/gstdio.h>

int
main (int argc, char **argv)
{
  static const ScenarioFunc scenarios[] = {
    scenario_stuck_invite,
    scenario_digest_auth,
    scenario_bruteforce,
    scenario_link_layers,
    scenario_frame_accounting,
    scenario_unsupported_link,
    scenario_multifile,
    scenario_carriers,
    scenario_tunnels,
  };
  g_autoptr (GError) error = NULL;

  if (argc != 2)
    {
      g_printerr ("usage: %s OUTDIR\n", argv[0]);
      return 2;
    }
  if (g_mkdir_with_parents (argv[1], 0755) != 0)
    {
      g_printerr ("%s: cannot create %s\n", argv[0], argv[1]);
      return 1;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (scenarios); i++)
    if (!scenarios[i] (argv[1], &error))
      {
        g_printerr ("%s: %s\n", argv[0], error->message);
        return 1;
      }
  return 0;
}
