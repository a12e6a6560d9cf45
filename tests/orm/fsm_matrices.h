#pragma once
// The four state machines as expected tables, transcribed by hand from docs/data-model.md §6.1–§6.4
// (not from orm/src/fsm.cc): 'v' valid, 'u' untimely (ignored), '.' invalid.
// Row = from, column = to, in the order of the status letters of status.h. Shared by the pure
// table test (fsm_test.cc) and the every-pair test through the database (fsm_store_test.cc).
#include <string>
#include <vector>

#include "jobmon/orm/status.h"

namespace jobmon::testing {

// clang-format off
//                                                  Q I O R T K X D E U W Z F
inline const std::vector<std::string> kTaskInstanceMatrix = {
                                                   ". v . . . v . . . . . . .",  // Q
                                                   ". . v v . v . . . . v . .",  // I
                                                   ". . . v . v v . . v . v v",  // O
                                                   ". . u . v v . v v v . v .",  // R
                                                   ". . . v . . . . . v . v v",  // T
                                                   ". . . . . . . v u u . u v",  // K
                                                   ". . . . . . . . v . . . .",  // X
                                                   ". . . . . . . . . u . . .",  // D
                                                   ". . u . . . . . u u . . .",  // E
                                                   ". . . . . . . u u . . u .",  // U
                                                   ". . . . . . . . . . . . .",  // W
                                                   ". . . . . . . . . u . . .",  // Z
                                                   ". . . . . . . . . . . . .",  // F
};

//                                         G Q I O R D E A F
inline const std::vector<std::string> kTaskMatrix = {
                                          ". v . . . . . . .",  // G
                                          ". . v . . . . . .",  // Q
                                          ". . . v v . v . .",  // I
                                          ". . . . v . v . .",  // O
                                          ". . . . . v v . .",  // R
                                          ". . . . . . . . .",  // D
                                          "v v . . . . . v v",  // E
                                          ". v . . . . . . .",  // A
                                          ". . . . . . . . .",  // F
};

//                                             G Q I O R D H F A
inline const std::vector<std::string> kWorkflowMatrix = {
                                              "u v . . . . . . v",  // G
                                              ". . v . . . v v .",  // Q
                                              ". . . v . . . v .",  // I
                                              ". . . . v . . v .",  // O
                                              ". . . . . v v v .",  // R
                                              ". . . . . . . . .",  // D
                                              "v . . . . . . . .",  // H
                                              "v . . . . . . . .",  // F
                                              "v . . . . . . . .",  // A
};

//                                                G L B I O R D S E A C H T
inline const std::vector<std::string> kWorkflowRunMatrix = {
                                                 ". v . . . . . . . . . . .",  // G
                                                 ". u v . . . . . . v . . .",  // L
                                                 ". . . v . . . . v . v v .",  // B
                                                 ". . . . v . . . v . . . .",  // I
                                                 ". . . . . v . . v . . . .",  // O
                                                 ". . . . . u v v v . v v .",  // R
                                                 ". . . . . . . . . . . . .",  // D
                                                 ". . . . . . . . . . . . .",  // S
                                                 ". . . . . . . . . . . . .",  // E
                                                 ". . . . . . . . . . . . .",  // A
                                                 ". . . . . . . . . . . . v",  // C
                                                 ". . . . . . . . . . . . v",  // H
                                                 ". . . . . . . . . . . . .",  // T
};
// clang-format on

// The expected kind ('v', 'u' or '.') of from -> to in `matrix`, whose rows and columns follow
// `letters` (one of status.h's kTaskLetters etc.).
inline char expected_kind(const char* letters, const std::vector<std::string>& matrix, char from,
                          char to) {
  const std::string ls(letters);
  std::string row;
  for (char c : matrix.at(ls.find(from))) {
    if (c != ' ') row += c;
  }
  return row.at(ls.find(to));
}

}  // namespace jobmon::testing
