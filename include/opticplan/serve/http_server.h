// HttpServer: the HTTP side of `opticplan serve`, cpp-httplib (Debian's libcpp-httplib) over Api.
//
// Requests under /api/ go to Api::handle(); every other GET is a file of the web app's built
// folder (cpp-httplib's mount point refuses paths that climb out of it), "/" its index.html.
// Bodies above max_body bytes are refused with 413 before they are read. No CORS headers unless
// an origin is given. A pool of `threads` workers serves connections (keep-alive holds one per
// client, so it should exceed the expected concurrent clients). Binds 127.0.0.1 unless told.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "opticplan/serve/api.h"

namespace opticplan::serve {

struct ServerOptions {
  std::string bind = "127.0.0.1";
  int port = 8080;      // 0: any free port
  std::string web_dir;  // the built web app; empty: none served
  size_t max_body = 16u << 20;
  int threads = 64;
  std::string cors_origin;  // empty: no CORS
};

class HttpServer {
 public:
  HttpServer(Api& api, ServerOptions options);
  ~HttpServer();
  int bind();     // the port bound, or -1 (the reason is logged)
  void listen();  // serves until stop()
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace opticplan::serve
