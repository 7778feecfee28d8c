/* Facts about this machine, and the key that says which runs compare. */
#ifndef GITBENCH_MACHINE_H
#define GITBENCH_MACHINE_H

#include "run.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Fill host, OS, arch, CPU model and core count from this machine, where
 * `env` leaves them unset (zero it first); what is set stays, such as a
 * toolchain a results file named.
 */
GB_EXTERN(int) gb_env_detect(gb_env *out);
GB_EXTERN(void) gb_env_dispose(gb_env *env);
GB_EXTERN(int) gb_env_copy(gb_env *out, const gb_env *src);

/*
 * A stable key from host, OS, arch, CPU model and core count:
 * "<host>-<8 hex digits>". The caller frees *out.
 */
GB_EXTERN(int) gb_machine_key(char **out, const gb_env *env);

#ifdef __cplusplus
}
#endif
#endif
