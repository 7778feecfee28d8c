# Turn a file into a C array: cmake -DINPUT=... -DOUTPUT=... -DNAME=... -P embed.cmake
file(READ "${INPUT}" content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${content}")
file(WRITE "${OUTPUT}.tmp"
  "/* Generated from ${INPUT}; edit that file instead. */\n"
  "const char ${NAME}[] = { ${bytes} 0 };\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
