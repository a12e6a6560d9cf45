#include "common/cli/error_clusters.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace jobmon::routes::cli {

namespace {

// \w of Python's regex on UTF-8 text: ASCII letters, digits and '_', and (an approximation)
// every byte of a multi-byte character.
bool word_byte(unsigned char c) { return std::isalnum(c) != 0 || c == '_' || c >= 0x80; }

}  // namespace

std::vector<std::string> error_log_tokens(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  for (char ch : text + " ") {
    auto c = static_cast<unsigned char>(ch);
    if (word_byte(c)) {
      word += static_cast<char>(c < 0x80 ? std::tolower(c) : c);
    } else {
      if (word.size() >= 2) out.push_back(word);
      word.clear();
    }
  }
  return out;
}

std::vector<ErrorCluster> cluster_error_logs(const std::vector<ErrorLogEntry>& entries) {
  // Term counts per entry, in vocabulary (sorted term) order, as the sparse matrix holds them.
  std::vector<std::map<std::string, double>> counts(entries.size());
  std::map<std::string, double> document_frequency;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    for (auto& token : error_log_tokens(entries[i].text)) counts[i][token] += 1.0;
    for (const auto& [term, n] : counts[i]) document_frequency[term] += 1.0;
  }
  const double n_docs = static_cast<double>(entries.size());
  std::map<double, std::vector<std::size_t>> groups;  // ascending score, entries in order
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (counts[i].empty()) continue;
    std::vector<double> weights;
    double squares = 0.0;
    for (const auto& [term, n] : counts[i]) {
      double idf = std::log((1.0 + n_docs) / (1.0 + document_frequency[term])) + 1.0;
      weights.push_back(n * idf);
      squares += weights.back() * weights.back();
    }
    const double norm = std::sqrt(squares);
    double sum = 0.0;
    for (double w : weights) sum += w / norm;
    groups[sum / static_cast<double>(weights.size())].push_back(i);
  }
  std::vector<ErrorCluster> out;
  for (const auto& [score, members] : groups) {
    ErrorCluster c;
    c.score = score;
    c.count = static_cast<std::int64_t>(members.size());
    std::set<std::int64_t> instances, tasks;
    for (auto i : members) {
      instances.insert(entries[i].task_instance_id);
      tasks.insert(entries[i].task_id);
    }
    c.task_instance_ids.assign(instances.begin(), instances.end());
    c.task_ids.assign(tasks.begin(), tasks.end());
    const ErrorLogEntry& first = entries[members.front()];
    c.sample_error = first.text;
    c.first_error_time = first.error_time;
    c.workflow_run_id = first.workflow_run_id;
    c.workflow_id = first.workflow_id;
    out.push_back(std::move(c));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const ErrorCluster& a, const ErrorCluster& b) { return a.count > b.count; });
  return out;
}

}  // namespace jobmon::routes::cli
