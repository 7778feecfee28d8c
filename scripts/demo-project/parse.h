// The library of the demo project: parse a comma-separated list of numbers.
#pragma once
#include <string>
#include <vector>

inline std::vector<int> parse(const std::string &text) {
  std::vector<int> out;
  int value = 0;
  bool in_number = false;
  for (char c : text) {
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
