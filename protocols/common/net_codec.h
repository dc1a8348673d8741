// fieldCodec<M>(): a catslab::net::MessageCodec for a part-A network message
// whose payload is written with FieldWriter. decode returns null for bytes
// that do not parse (or leave trailing garbage); the registry reports it.
#pragma once

#include <memory>
#include <string>

#include "protocols/common/fields.h"
#include "runtime/net/serializer.h"

namespace catslab::protocols {

template <class M, class Encode, class Decode>
net::MessageCodec fieldCodec(std::string name, Encode encode, Decode decode) {
  const std::string label = name;
  return net::codecFor<M>(
      std::move(name),
      [encode](const M& m) {
        FieldWriter out;
        encode(m, out);
        return out.take();
      },
      [decode, label](runtime::Address src, runtime::Address dst,
                      std::string_view bytes) -> net::DecodeResult<M> {
        FieldReader in(bytes);
        std::shared_ptr<const M> m = decode(std::move(src), std::move(dst), in);
        if (!m || !in.atEnd()) return net::DecodeResult<M>::failure("malformed " + label);
        return m;
      });
}

}  // namespace catslab::protocols
