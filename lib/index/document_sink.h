// Where the ingester sends analysed documents: the live index's writer, or a bulk build aside.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "index/analyzer.h"

namespace kb {

enum class UpsertOutcome { Added, Updated, Unchanged };

class DocumentSink {
public:
    virtual ~DocumentSink() = default;
    virtual UpsertOutcome upsert(PreparedDocument&& doc) = 0;
    // Removes the document with this id; false if there was none.
    virtual bool remove(const std::string& id) = 0;
    // Makes what was written so far durable (a batch boundary).
    virtual void commit() = 0;
    // Marks the end of one input (a file, or one record of a stream): a safe batch boundary.
    virtual void end_of_input() {}
    // The stored "size:mtime" of the file `source`, if it was indexed before.
    virtual std::optional<std::string> file_signature(const std::string& source) = 0;
    // Ids of the documents whose source is `source`.
    virtual std::vector<std::string> ids_from_source(const std::string& source) = 0;
    // Makes the next run read `source` again although its size and time are unchanged (it had
    // lines that failed, and their old documents were kept).
    virtual void mark_file_stale(const std::string& source) { (void)source; }
    // Whether what is written becomes visible batch by batch, so that a file of many records can
    // be cut off halfway by a crash. The records of such a file then carry a signature no file
    // has, and file_complete() stores the real one once the last of them is written: the next
    // run skips the file only if it was read to the end. (A bulk build is all or nothing.)
    virtual bool commits_midway() const { return false; }
    virtual void file_complete(const std::string& source, const std::string& signature) {
        (void)source;
        (void)signature;
    }
    // The source of the document with this id, if the sink can tell.
    virtual std::optional<std::string> source_of(const std::string& id) {
        (void)id;
        return std::nullopt;
    }
    // Offered each document before upsert(): a sink that takes it (moves it out and returns
    // true) decides later whether it is written, and the ingester reports nothing for it now.
    // A rebuild holds back an id that the live index has from another source.
    virtual bool divert(const std::string& id, const std::string& source, PreparedDocument& doc) {
        (void)id;
        (void)source;
        (void)doc;
        return false;
    }
    // How many documents came from `source` (no document is read).
    virtual std::uint64_t count_from_source(const std::string& source) = 0;
};

}  // namespace kb
