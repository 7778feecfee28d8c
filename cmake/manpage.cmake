# Build the roff of a manual page from its scdoc source: -DSCDOC=<scdoc>
# -DINPUT=<page.scd> -DOUTPUT=<page.N> -DVERSION=<x.y.z>
cmake_minimum_required(VERSION 3.18)
file(READ ${INPUT} text)
string(REPLACE "@VERSION@" "${VERSION}" text "${text}")
file(WRITE ${OUTPUT}.scd "${text}")
execute_process(COMMAND ${SCDOC} INPUT_FILE ${OUTPUT}.scd
  OUTPUT_VARIABLE roff ERROR_VARIABLE err RESULT_VARIABLE rc)
file(REMOVE ${OUTPUT}.scd)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "scdoc cannot read ${INPUT}: ${err}")
endif()
# scdoc asks for no hyphenation before .TH, which turns it back on: ask
# again after, or option names get split across lines.
string(REGEX REPLACE "(\n\\.TH [^\n]*\n)" "\\1.nh\n" roff "${roff}")
file(WRITE ${OUTPUT} "${roff}")
