// The change that makes parsing slower: tabs and semicolons accepted by
// normalising a copy of the input, then each field split off with a
// stream and converted on its own -- several times the work of the
// single pass it replaces.
#pragma once
#include <sstream>
#include <string>
#include <vector>

inline std::vector<int> parse(const std::string &text) {
  std::string copy = text;
  for (char &c : copy)
    if (c == ';' || c == '\t') c = ',';
  std::vector<int> out;
  std::istringstream in(copy);
  std::string field;
  while (std::getline(in, field, ','))
    if (!field.empty()) out.push_back(std::stoi(field));
  return out;
}
