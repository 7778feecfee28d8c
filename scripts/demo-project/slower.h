// The change that makes parsing slower: a defensive copy of the input with
// its separators normalised, before the same parse.
#pragma once
#include <string>
#include <vector>

inline std::vector<int> parse(const std::string &text) {
  std::string copy = text;
  for (char &c : copy)
    if (c == ';' || c == '\t') c = ',';
  std::vector<int> out;
  int value = 0;
  bool in_number = false;
  for (char c : copy) {
    if (c >= '0' && c <= '9') {
      value = value * 10 + (c - '0');
      in_number = true;
    } else if (in_number) {
      out.push_back(value);
      value = 0;
      in_number = false;
    }
  }
  if (in_number) out.push_back(value);
  return out;
}
