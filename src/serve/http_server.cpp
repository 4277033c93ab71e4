#include "opticplan/serve/http_server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <filesystem>

namespace opticplan::serve {

struct HttpServer::Impl {
  Api& api;
  ServerOptions options;
  httplib::Server server;
  int listener = -1;  // the listening socket (cpp-httplib's socket_t is int on Linux)
  Impl(Api& a, ServerOptions o) : api(a), options(std::move(o)) {}
};

HttpServer::HttpServer(Api& api, ServerOptions options) : impl_(std::make_unique<Impl>(api, std::move(options))) {
  auto& s = impl_->server;
  auto& opt = impl_->options;
  const int threads = opt.threads;
  s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  s.set_payload_max_length(opt.max_body);
  s.set_keep_alive_max_count(100000);
  s.set_keep_alive_timeout(30);
  // An answer goes out as two writes (headers, body): with Nagle's algorithm on, the second waits
  // for the client's delayed ACK, 40 ms on Linux, on every keep-alive request.
  s.set_tcp_nodelay(true);
  // cpp-httplib as Debian builds it listens with a backlog of 5: 32 clients connecting at once
  // lose SYNs and wait a second to retry. Keep the listening socket, and listen again (Linux takes
  // the new backlog) once bound.
  // SO_REUSEADDR only: cpp-httplib's default adds SO_REUSEPORT, with which a second server on a
  // busy port starts silently and the kernel splits clients between the two stores.
  s.set_socket_options([this](int sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    impl_->listener = sock;
  });
  const auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    ApiRequest rq;
    rq.method = req.method;
    rq.path = req.path;
    for (const auto& [k, v] : req.params) rq.query.emplace(k, v);
    rq.authorization = req.get_header_value("Authorization");
    rq.body = req.body;
    const ApiResponse out = impl_->api.handle(rq);
    res.status = out.status;
    for (const auto& [k, v] : out.headers) res.set_header(k, v);
    res.set_header("Cache-Control", "no-store");
    if (out.status != 204) res.set_content(out.body, out.content_type);
  };
  for (const char* pattern : {R"(/api(/.*)?)"}) {
    s.Get(pattern, handler);
    s.Post(pattern, handler);
    s.Put(pattern, handler);
    s.Delete(pattern, handler);
  }
  // curl -d (and Python's urllib) label a body as a form; the API reads every body as the document
  // it is. Relabel it before cpp-httplib reads it, which would otherwise refuse a form above 8 KB
  // as too large. (The Request is the server's own, not const: only the handler's view is.)
  s.set_pre_routing_handler([](const httplib::Request& req, httplib::Response&) {
    if (req.path.rfind("/api/", 0) == 0 &&
        req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0) {
      auto& headers = const_cast<httplib::Headers&>(req.headers);  // NOLINT(cppcoreguidelines-pro-type-const-cast)
      headers.erase("Content-Type");
      headers.emplace("Content-Type", "application/octet-stream");
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  s.set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    res.set_header("X-Content-Type-Options", "nosniff");
    if (!impl_->options.cors_origin.empty()) {
      res.set_header("Access-Control-Allow-Origin", impl_->options.cors_origin);
      res.set_header("Access-Control-Allow-Headers", "Authorization, Content-Type");
      res.set_header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE");
    }
    (void)req;
  });
  // Errors httplib answers itself (413, 404 of a static file, 400) get the API's error shape.
  s.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    const std::string msg = res.status == 413   ? "the request body is larger than the server accepts"
                            : res.status == 404 ? "not found: " + req.path
                                                : "bad request";
    nlohmann::ordered_json j = {
        {"error", {{"status", res.status}, {"message", msg}, {"problems", nlohmann::ordered_json::array()}}}};
    res.set_content(j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace), "application/json");
  });
  if (!opt.web_dir.empty()) {
    std::error_code ec;
    if (std::filesystem::is_directory(opt.web_dir, ec))
      s.set_mount_point("/", opt.web_dir);
    else
      spdlog::warn("no web app at {} (run scripts/setup to build it): only the API is served", opt.web_dir);
  }
}

HttpServer::~HttpServer() = default;

int HttpServer::bind() {
  auto& s = impl_->server;
  const auto& opt = impl_->options;
  const int port = opt.port == 0 ? s.bind_to_any_port(opt.bind) : (s.bind_to_port(opt.bind, opt.port) ? opt.port : -1);
  if (port < 0)
    spdlog::error("cannot listen on {}:{}", opt.bind, opt.port);
  else if (impl_->listener >= 0)
    ::listen(impl_->listener, SOMAXCONN);
  return port;
}

void HttpServer::listen() { impl_->server.listen_after_bind(); }
void HttpServer::stop() { impl_->server.stop(); }

}  // namespace opticplan::serve
