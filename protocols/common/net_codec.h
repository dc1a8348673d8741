// fieldCodec<M>(): a catslab::runtime::MessageCodec for a part-A network message
// whose payload is written with FieldWriter. decode returns null for bytes
// that do not parse (or leave trailing garbage); the registry reports it.
#pragma once

#include <memory>
#include <string>

#include "protocols/common/fields.h"
#include "runtime/serializer.h"

namespace catslab::protocols {

template <class M, class Encode, class Decode>
runtime::MessageCodec fieldCodec(std::string name, Encode encode, Decode decode) {
  const std::string label = name;
  return runtime::codecFor<M>(
      std::move(name),
      [encode](const M& m) {
        FieldWriter out;
        encode(m, out);
        return out.take();
      },
      [decode, label](runtime::Address src, runtime::Address dst,
                      std::string_view bytes) -> runtime::DecodeResult<M> {
        FieldReader in(bytes);
        std::shared_ptr<const M> m = decode(std::move(src), std::move(dst), in);
        if (!m || !in.atEnd()) return runtime::DecodeResult<M>::failure("malformed " + label);
        return m;
      });
}

}  // namespace catslab::protocols
