// Trace files and streams: a sequence of length-delimited catslab.trace.Record
// messages (varint length, then the serialized message), the first of which
// carries a TraceHeader (runtime/proto/trace.proto). The simulator writes
// files, node processes write the same bytes to the launcher's monitor
// socket, and the GUI and the linearizability checker read both.
//
//   auto w = TraceFileWriter::open("run.trace");     // Result<unique_ptr<...>>
//   recorder = TraceRecorder(clock, (*w)->sink());
//   ...; Status s = (*w)->close();
//
//   auto r = TraceFileReader::open("run.trace");     // reads and checks the header
//   trace::Record rec;
//   while (true) { auto more = (*r)->next(rec); if (!more) error; if (!*more) break; ... }
//
// Ownership: a writer/reader built on a stream does not own it. Not
// thread-safe: one writer or reader per thread (TraceRecorder serializes
// calls to its sink already).
#pragma once

#include <cstdint>
#include <fstream>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "runtime/proto/trace.pb.h"
#include "runtime/result.h"
#include "runtime/sim/trace_recorder.h"

namespace catslab::sim {

inline constexpr const char* kTraceFormat = "catslab-trace/1";
// Records larger than this are taken as corruption rather than allocated.
inline constexpr std::uint32_t kMaxRecordBytes = 64u << 20;

// Appends one length-delimited record to `out` (for sockets and buffers).
void appendRecord(std::string& out, const trace::Record& record);

// Decodes the record at `data[offset..size)`. Returns 0 when the bytes hold
// only part of a record (wait for more), the bytes consumed on success, and a
// failure when they cannot be a record.
runtime::Result<std::size_t> decodeRecord(const char* data, std::size_t size, std::size_t offset,
                                          trace::Record& out);

class TraceFileWriter {
 public:
  static runtime::Result<std::unique_ptr<TraceFileWriter>> open(const std::string& path);
  explicit TraceFileWriter(std::ostream& out, std::string name = "<stream>");
  ~TraceFileWriter();
  TraceFileWriter(const TraceFileWriter&) = delete;
  TraceFileWriter& operator=(const TraceFileWriter&) = delete;

  void write(const trace::Record& record);
  // A sink for TraceRecorder; valid while the writer lives.
  RecordSink sink();
  std::uint64_t written() const { return written_; }
  // Flushes; reports an I/O error with the file name. Idempotent.
  runtime::Status close();

 private:
  void flushBuffer();
  std::unique_ptr<std::ofstream> file_;
  std::ostream* out_;
  std::string name_;
  std::string buffer_;
  std::uint64_t written_ = 0;
  bool closed_ = false;
};

class TraceFileReader {
 public:
  // Opens the file and reads its header record.
  static runtime::Result<std::unique_ptr<TraceFileReader>> open(const std::string& path);
  // Reads the header from `in` first. `name` appears in error messages.
  static runtime::Result<std::unique_ptr<TraceFileReader>> fromStream(std::istream& in,
                                                                      std::string name);
  // Every record of a file, header included (record 0).
  static runtime::Result<std::vector<trace::Record>> readAll(const std::string& path);

  const trace::Record& headerRecord() const { return header_; }
  const trace::TraceHeader& header() const { return header_.header(); }
  // true: `out` holds the next record; false: clean end of the stream.
  // A failure names the stream, the record index and the byte offset.
  runtime::Result<bool> next(trace::Record& out);
  std::uint64_t index() const { return index_; }

 private:
  TraceFileReader(std::istream& in, std::string name) : in_(&in), name_(std::move(name)) {}
  std::unique_ptr<std::ifstream> file_;
  std::istream* in_;
  std::string name_;
  trace::Record header_;
  std::string scratch_;
  std::uint64_t index_ = 0;
  std::uint64_t offset_ = 0;
};

}  // namespace catslab::sim
