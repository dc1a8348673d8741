#include "runtime/sim/trace_file.h"

#include <istream>
#include <ostream>

namespace catslab::sim {

using runtime::Result;
using runtime::Status;

namespace {

void putVarint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

}  // namespace

void appendRecord(std::string& out, const trace::Record& record) {
  const std::size_t size = record.ByteSizeLong();
  putVarint(out, size);
  const std::size_t at = out.size();
  out.resize(at + size);
  record.SerializeWithCachedSizesToArray(reinterpret_cast<std::uint8_t*>(out.data() + at));
}

Result<std::size_t> decodeRecord(const char* data, std::size_t size, std::size_t offset,
                                 trace::Record& out) {
  std::uint64_t len = 0;
  std::size_t pos = offset;
  for (int shift = 0;; shift += 7) {
    if (pos >= size) return std::size_t{0};
    if (shift > 35) return Result<std::size_t>::failure("bad record length");
    const auto byte = static_cast<std::uint8_t>(data[pos++]);
    len |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) break;
  }
  if (len > kMaxRecordBytes) {
    return Result<std::size_t>::failure("record length " + std::to_string(len) +
                                        " exceeds the maximum");
  }
  if (size - pos < len) return std::size_t{0};
  if (!out.ParseFromArray(data + pos, static_cast<int>(len))) {
    return Result<std::size_t>::failure("record does not parse as catslab.trace.Record");
  }
  return pos + len - offset;
}

// --- writer -------------------------------------------------------------------

Result<std::unique_ptr<TraceFileWriter>> TraceFileWriter::open(const std::string& path) {
  auto file = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
  if (!*file) {
    return Result<std::unique_ptr<TraceFileWriter>>::failure(path + ": cannot open for writing");
  }
  auto w = std::make_unique<TraceFileWriter>(*file, path);
  w->file_ = std::move(file);
  return w;
}

TraceFileWriter::TraceFileWriter(std::ostream& out, std::string name)
    : out_(&out), name_(std::move(name)) {}

TraceFileWriter::~TraceFileWriter() { (void)close(); }

void TraceFileWriter::write(const trace::Record& record) {
  appendRecord(buffer_, record);
  ++written_;
  if (buffer_.size() >= (1u << 16)) flushBuffer();
}

void TraceFileWriter::flushBuffer() {
  out_->write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

RecordSink TraceFileWriter::sink() {
  return [this](const trace::Record& r) { write(r); };
}

Status TraceFileWriter::close() {
  if (closed_) return Status::ok();
  closed_ = true;
  flushBuffer();
  out_->flush();
  if (file_) file_->close();
  if (!*out_ || (file_ && file_->fail())) return Status::failure(name_ + ": write failed");
  return Status::ok();
}

// --- reader -------------------------------------------------------------------

Result<std::unique_ptr<TraceFileReader>> TraceFileReader::open(const std::string& path) {
  auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*file) return Result<std::unique_ptr<TraceFileReader>>::failure(path + ": cannot open");
  auto r = fromStream(*file, path);
  if (!r) return r;
  (*r)->file_ = std::move(file);
  return r;
}

Result<std::unique_ptr<TraceFileReader>> TraceFileReader::fromStream(std::istream& in,
                                                                     std::string name) {
  using R = Result<std::unique_ptr<TraceFileReader>>;
  std::unique_ptr<TraceFileReader> reader(new TraceFileReader(in, std::move(name)));
  auto first = reader->next(reader->header_);
  if (!first) return R::failure(first.error());
  if (!*first) return R::failure(reader->name_ + ": empty trace (no header record)");
  if (!reader->header_.has_header()) {
    return R::failure(reader->name_ + ": record 0: field header: the first record is not a header");
  }
  if (reader->header_.header().format() != kTraceFormat) {
    return R::failure(reader->name_ + ": record 0: field header.format: expected '" + kTraceFormat +
                      "', found '" + reader->header_.header().format() + "'");
  }
  return reader;
}

Result<bool> TraceFileReader::next(trace::Record& out) {
  const std::uint64_t start = offset_;
  auto fail = [&](const std::string& why) {
    return Result<bool>::failure(name_ + ": record " + std::to_string(index_) + " (byte " +
                                 std::to_string(start) + "): " + why);
  };
  std::uint64_t len = 0;
  for (int shift = 0;; shift += 7) {
    const int c = in_->get();
    if (c == std::char_traits<char>::eof()) {
      if (shift == 0) return false;
      return fail("truncated length");
    }
    ++offset_;
    if (shift > 35) return fail("bad record length");
    len |= static_cast<std::uint64_t>(c & 0x7f) << shift;
    if ((c & 0x80) == 0) break;
  }
  if (len > kMaxRecordBytes) return fail("record length " + std::to_string(len) + " too large");
  scratch_.resize(len);
  in_->read(scratch_.data(), static_cast<std::streamsize>(len));
  if (static_cast<std::uint64_t>(in_->gcount()) != len) return fail("truncated record");
  offset_ += len;
  if (!out.ParseFromString(scratch_)) return fail("does not parse as catslab.trace.Record");
  ++index_;
  return true;
}

Result<std::vector<trace::Record>> TraceFileReader::readAll(const std::string& path) {
  using R = Result<std::vector<trace::Record>>;
  auto reader = open(path);
  if (!reader) return R::failure(reader.error());
  std::vector<trace::Record> all{(*reader)->headerRecord()};
  trace::Record r;
  while (true) {
    auto more = (*reader)->next(r);
    if (!more) return R::failure(more.error());
    if (!*more) break;
    all.push_back(r);
  }
  return all;
}

}  // namespace catslab::sim
