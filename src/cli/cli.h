/*
 * Every header of the command line, for a command that uses most of them.
 * Each concern has its own header; new code includes the ones it needs.
 */
#ifndef GB_CLI_H
#define GB_CLI_H

#include "commands.h"
#include "flags.h"
#include "messages.h"
#include "options.h"
#include "pager.h"
#include "progress.h"
#include "range.h"
#include "repo.h"
#include "settings.h"
#include "spawn.h"
#include "terminal.h"

#endif
