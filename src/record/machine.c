#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "common.h"
#include "gitbench/machine.h"
#include "util/index.h"

/* The value of `key` in a "key : value" or key="value" file, first match. */
static char *file_value(const char *path, const char *key, char sep)
{
	char line[512];
	size_t klen = strlen(key);
	char *result = NULL;
	FILE *f = fopen(path, "r");

	if (!f)
		return NULL;
	while (!result && fgets(line, sizeof(line), f)) {
		char *p = line, *end;

		if (strncmp(line, key, klen) != 0)
			continue;
		p += klen;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != sep)
			continue;
		p++;
		while (*p == ' ' || *p == '\t' || *p == '"')
			p++;
		end = p + strlen(p);
		while (end > p && (isspace((unsigned char)end[-1]) || end[-1] == '"'))
			end--;
		result = gb_strndup(p, (size_t)(end - p));
	}
	fclose(f);
	return result;
}

/* Fill a field only when the caller (or a results file) left it unset. */
static void fill(char **field, char *value)
{
	if (*field)
		free(value);
	else
		*field = value;
}

int gb_env_detect(gb_env *env)
{
	struct utsname u;
	long cores;

	if (uname(&u) == 0) {
		fill(&env->host, gb_strdup(u.nodename));
		fill(&env->arch, gb_strdup(u.machine));
	}
	fill(&env->os, file_value("/etc/os-release", "PRETTY_NAME", '='));
	if (!env->os && uname(&u) == 0)
		env->os = gb_strdup(u.sysname);
	fill(&env->cpu, file_value("/proc/cpuinfo", "model name", ':'));
	if (!env->cpu)
		env->cpu = file_value("/proc/cpuinfo", "Model", ':');
	cores = sysconf(_SC_NPROCESSORS_ONLN);
	if (!env->cores)
		env->cores = cores > 0 ? (uint32_t)cores : 0;
	if (!env->host || !env->arch || !env->os)
		return gb_error_set(GB_ERROR, "cannot tell what machine this is");
	return 0;
}

void gb_env_dispose(gb_env *env)
{
	if (!env)
		return;
	free(env->host);
	free(env->os);
	free(env->arch);
	free(env->cpu);
	free(env->toolchain);
	memset(env, 0, sizeof(*env));
}

int gb_env_copy(gb_env *out, const gb_env *src)
{
	memset(out, 0, sizeof(*out));
	out->cores = src->cores;
	if (gb_run_set_string(&out->host, src->host) < 0 ||
	    gb_run_set_string(&out->os, src->os) < 0 ||
	    gb_run_set_string(&out->arch, src->arch) < 0 ||
	    gb_run_set_string(&out->cpu, src->cpu) < 0 ||
	    gb_run_set_string(&out->toolchain, src->toolchain) < 0) {
		gb_env_dispose(out);
		return GB_ERROR;
	}
	return 0;
}

/* A field with its NUL, so that "ab","c" and "a","bc" differ. */
static uint32_t fnv1a(uint32_t h, const char *s)
{
	s = s ? s : "";
	return gb_fnv1a32(h, s, strlen(s) + 1);
}

int gb_machine_key(char **out, const gb_env *env)
{
	char cores[16], host[33];
	uint32_t h = GB_FNV32_BASIS;
	gb_buf key = GB_BUF_INIT;
	size_t i, n = 0;
	const char *p = env->host ? env->host : "unknown";

	snprintf(cores, sizeof(cores), "%u", env->cores);
	h = fnv1a(h, env->host);
	h = fnv1a(h, env->os);
	h = fnv1a(h, env->arch);
	h = fnv1a(h, env->cpu);
	h = fnv1a(h, cores);
	/* The host part is for people; keep it to safe characters. */
	for (i = 0; p[i] && n < sizeof(host) - 1; i++)
		if (isalnum((unsigned char)p[i]) || p[i] == '-' || p[i] == '_' ||
		    p[i] == '.')
			host[n++] = p[i];
	host[n] = '\0';
	if (gb_buf_printf(&key, "%s-%08x", n ? host : "host", h) < 0)
		return GB_ERROR;
	*out = gb_buf_detach(&key);
	return 0;
}

int gb_machine_key_for(char **out, const gb_env *env, const gb_config *cfg)
{
	const char *key = NULL;
	int error;

	*out = NULL;
	if (cfg && (error = gb_config_get_name(&key, cfg, "bench.machine")) < 0)
		return error;
	if (key)
		return (*out = gb_strdup(key)) ? 0 : GB_ERROR;
	return gb_machine_key(out, env);
}

int gb_machine_this(char **key, gb_env *env, const gb_config *cfg)
{
	gb_env mine;
	int error;

	*key = NULL;
	memset(&mine, 0, sizeof(mine));
	if ((error = gb_env_detect(&mine)) == 0)
		error = gb_machine_key_for(key, &mine, cfg);
	if (env && !error) {
		*env = mine;
		return 0;
	}
	gb_env_dispose(&mine);
	return error;
}

int gb_machine_pick(char **out, const char *given, bool any,
	const gb_config *cfg)
{
	*out = NULL;
	if (any)
		return 0;
	/* An alias (bench.machine.<key>.alias) stands for its key. */
	if (given)
		return gb_machine_resolve(out, cfg, given);
	return gb_machine_this(out, NULL, cfg);
}

int gb_machine_choose(char **out, const gb_runlist *runs, const gb_config *cfg)
{
	char *mine = NULL;
	size_t i;
	int error;

	*out = NULL;
	if ((error = gb_machine_this(&mine, NULL, cfg)) < 0)
		return error;
	for (i = 0; i < runs->count; i++)
		if (!strcmp(runs->runs[i]->machine, mine))
			break;
	if (i < runs->count || !runs->count) {
		*out = mine;
		return 0;
	}
	free(mine);
	return (*out = gb_strdup(runs->runs[runs->count - 1]->machine)) ? 0
									: GB_ERROR;
}

struct alias_find {
	const char *name;
	char *key;
};

static int alias_entry(const char *sub, const char *name, const char *value,
	void *payload)
{
	struct alias_find *f = payload;

	if (strncmp(sub, "machine.", 8) != 0 || strcasecmp(name, "alias") != 0 ||
	    !value || strcmp(value, f->name) != 0)
		return 0;
	free(f->key);
	f->key = gb_strdup(sub + 8);
	return f->key ? 0 : GB_ERROR;
}

int gb_machine_resolve(char **out, const gb_config *cfg, const char *name)
{
	struct alias_find f = { name, NULL };
	int error;

	*out = NULL;
	if (cfg && (error = gb_config_foreach_subsection(cfg, alias_entry, &f)) < 0) {
		free(f.key);
		return error;
	}
	*out = f.key ? f.key : gb_strdup(name);
	return *out ? 0 : GB_ERROR;
}
