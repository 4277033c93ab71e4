// HttpServer: the HTTP side of `opticplan serve`, Boost.Beast over Boost.Asio (Debian's
// libboost-dev, header-only) in front of Api.
//
// Requests under /api/ go to Api::handle(); every other GET or HEAD is a file of the web app's
// built folder (paths that climb out of it are refused), "/" its index.html.
//
// No client can hold the server: one event loop owns every socket, so an idle or slow connection
// costs a socket and a few kilobytes, never a thread. Each phase of a request has a deadline (its
// headers, its body, the wait for a kept-alive connection's next request, writing the answer); a
// connection that misses one is closed. Connections are capped in all and per client address
// (beyond the caps a connection is answered 503 and closed). A body is read only for a request to
// the API that carries a known token (401 before it otherwise), and only while the bodies held at
// once stay within max_body_memory (503 otherwise): memory is bounded whatever the clients do. A request, once read, is
// handled on one of two pools: `reserve_threads` workers only for health, quotes and the web app's files, so that slow
// requests (storing a large scenario) on the other `threads` cannot delay them. Bodies above max_body are refused with
// 413 once the headers are read. A connection has at most one request in hand, so the work queued is bounded by the
// connections. No CORS headers unless an origin is given. Binds 127.0.0.1 unless told.
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
  size_t max_body_memory = 256u << 20;  // bodies being read or handled at once, in all
  int threads = 8;                      // workers for requests other than health, quotes and files
  int reserve_threads = 2;              // workers for health, quotes and the web app's files only
  int max_connections = 2048;
  int max_client_connections = 256;  // open connections from one client address
  int header_timeout = 10;           // seconds to read a request's headers
  int body_timeout = 60;             // seconds to read a request's body, and to write an answer
  int idle_timeout = 30;             // seconds a kept-alive connection may wait for its next request
  std::string cors_origin;           // empty: no CORS
};

class HttpServer {
 public:
  HttpServer(Api& api, ServerOptions options);
  ~HttpServer();
  int bind();     // the port bound, or -1 (the reason is logged)
  void listen();  // serves until stop()
  void stop();    // from any thread: stops accepting, closes every connection; listen() returns

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace opticplan::serve
