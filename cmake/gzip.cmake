# gzip -9n INPUT into OUTPUT: -DINPUT=<file> -DOUTPUT=<file.gz>. Without
# a name or a time stamp in the header, the same input gives the same bytes.
cmake_minimum_required(VERSION 3.18)
get_filename_component(dir ${OUTPUT} DIRECTORY)
file(MAKE_DIRECTORY ${dir})
execute_process(COMMAND gzip -9 -n -c ${INPUT} OUTPUT_FILE ${OUTPUT}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(REMOVE ${OUTPUT})
  message(FATAL_ERROR "gzip cannot compress ${INPUT}")
endif()
