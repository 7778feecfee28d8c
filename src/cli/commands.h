/* The commands of git-bench, each in its cmd_<name>.c. */
#ifndef GB_CLI_COMMANDS_H
#define GB_CLI_COMMANDS_H

typedef int (*cli_command_fn)(int argc, const char **argv);

int cmd_record(int argc, const char **argv);
int cmd_baseline(int argc, const char **argv);
int cmd_show(int argc, const char **argv);
int cmd_measure(int argc, const char **argv);
int cmd_log(int argc, const char **argv);
int cmd_forget(int argc, const char **argv);
int cmd_compare(int argc, const char **argv);
/* compare --machines (compare_machines.c): whether asked for, and it. */
int cli_compare_wants_machines(int argc, const char **argv);
int cli_compare_machines(int argc, const char **argv);
int cmd_check(int argc, const char **argv);
int cmd_run(int argc, const char **argv);
int cmd_hook(int argc, const char **argv);
int cmd_config(int argc, const char **argv);
int cmd_names(int argc, const char **argv);
/* The check behind the pre-push hook (git bench hook pre-push). */
int cli_hook_pre_push(int argc, const char **argv);
int cmd_compact(int argc, const char **argv);
int cmd_pull(int argc, const char **argv);
int cmd_bundle(int argc, const char **argv);
int cmd_push(int argc, const char **argv);
int cmd_status(int argc, const char **argv);
int cmd_report(int argc, const char **argv);
int cmd_export(int argc, const char **argv);
int cmd_fsck(int argc, const char **argv);
int cmd_bisect(int argc, const char **argv);
int cmd_bisect_check(int argc, const char **argv);
int cmd_prune(int argc, const char **argv);

#endif
