/*
 * Files of the report page compiled into the library: src/output/report.js
 * and report.css, turned into C by cmake/report-assets.cmake at build time.
 */
#ifndef GB_SRC_REPORT_ASSETS_H
#define GB_SRC_REPORT_ASSETS_H

#include <stddef.h>

typedef struct {
	const char *text;     /* the file's bytes, NUL-terminated */
	size_t len;
	const char *sha256;   /* hex digest of the bytes, for the CSP */
} gb_report_asset;

extern const gb_report_asset gb_report_js;
extern const gb_report_asset gb_report_css;

#endif
