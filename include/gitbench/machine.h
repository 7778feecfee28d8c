/* Facts about this machine, and the key that says which runs compare. */
#ifndef GITBENCH_MACHINE_H
#define GITBENCH_MACHINE_H

#include "config.h"
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

/*
 * The key runs on `env` are recorded under: bench.machine from `cfg` when
 * set (NULL: no settings), else gb_machine_key's. GB_EINVALID when it is
 * set to an empty string: a key is a name.
 */
GB_EXTERN(int) gb_machine_key_for(char **out, const gb_env *env,
	const gb_config *cfg);

/*
 * This machine: its facts into `env` (zeroed first; NULL: not wanted) and
 * its key into *key (gb_machine_key_for).
 */
GB_EXTERN(int) gb_machine_this(char **key, gb_env *env, const gb_config *cfg);

/*
 * The machine whose results a history view shows: none (*out NULL: every
 * machine's) when `any`, else `given`, else this machine's key.
 */
GB_EXTERN(int) gb_machine_pick(char **out, const char *given, bool any,
	const gb_config *cfg);

/*
 * The machine a comparison is made on: this machine when `runs` has runs
 * of it (or has none), else the machine of its last run: results measured
 * elsewhere (CI) are compared on their machine.
 */
GB_EXTERN(int) gb_machine_choose(char **out, const gb_runlist *runs,
	const gb_config *cfg);

/*
 * The key `name` stands for: the key whose alias (bench.machine.<key>.alias
 * in `cfg`, NULL: none) it is, else itself. The caller frees *out.
 */
GB_EXTERN(int) gb_machine_resolve(char **out, const gb_config *cfg,
	const char *name);

#ifdef __cplusplus
}
#endif
#endif
