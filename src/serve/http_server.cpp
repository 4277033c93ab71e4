#include "opticplan/serve/http_server.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <unordered_map>

#include "web_files.h"

namespace opticplan::serve {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using Response = http::response<http::string_body>;

constexpr uint32_t kHeaderLimit = 64 * 1024;  // all of a request's headers, bytes
constexpr int kRefusalSeconds = 2;
// Threads running the event loop: two, so that a burst of reads on many sockets (hundreds of
// trickling clients waking at once) does not hold every answer behind it. Each connection's
// handlers run on its own strand, so they never run at once.
constexpr int kLoopThreads = 2;  // to write a refusal (too many connections) before closing

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX escapes decoded (and '+' as a space in a query); a malformed escape stays as written.
std::string decode_url(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int hi = hex_value(s[i + 1]);
      const int lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += plus_is_space && s[i] == '+' ? ' ' : s[i];
  }
  return out;
}

// "a=1&b=x%20y": the first value of each name wins.
std::map<std::string, std::string> parse_query(std::string_view q) {
  std::map<std::string, std::string> out;
  while (!q.empty()) {
    const size_t amp = q.find('&');
    const std::string_view part = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
    if (part.empty()) continue;
    const size_t eq = part.find('=');
    out.emplace(decode_url(part.substr(0, eq), true),
                eq == std::string_view::npos ? std::string() : decode_url(part.substr(eq + 1), true));
  }
  return out;
}

std::string error_json(int status, const std::string& message) {
  const nlohmann::ordered_json j = {
      {"error", {{"status", status}, {"message", message}, {"problems", nlohmann::ordered_json::array()}}}};
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// Health, the OpenAPI document, quotes and the web app's files are quick and what people wait on:
// they are handled on the reserve pool, so that slow requests cannot delay them.
bool reserved(std::string_view method, std::string_view path) {
  if (path.rfind("/api/", 0) != 0 && path != "/api") return true;
  if (path == "/api/health" || path == "/api/openapi.json") return true;
  constexpr std::string_view kQuote = "/quote";
  return method == "POST" && path.rfind("/api/scenarios/", 0) == 0 && path.size() > kQuote.size() &&
         path.substr(path.size() - kQuote.size()) == kQuote;
}

// Bytes of request bodies held at once (declared by Content-Length; a chunked body counts as the
// largest allowed), in all.
class BodyBudget {
 public:
  explicit BodyBudget(size_t limit) : limit_(limit) {}
  bool take(size_t n) {
    const std::lock_guard lock(mutex_);
    if (held_ + n > limit_) return false;
    held_ += n;
    return true;
  }
  void give(size_t n) {
    const std::lock_guard lock(mutex_);
    held_ -= n;
  }

 private:
  std::mutex mutex_;
  size_t limit_;
  size_t held_ = 0;
};

// An error answer in the API's shape, after which the connection closes.
Response closing_error(http::status status, const std::string& message) {
  Response res{status, 11};
  res.set(http::field::content_type, "application/json");
  res.body() = error_json(static_cast<int>(status), message);
  if (status == http::status::unauthorized) res.set(http::field::www_authenticate, "Bearer");
  if (status == http::status::service_unavailable) res.set(http::field::retry_after, "1");
  res.keep_alive(false);
  res.prepare_payload();
  return res;
}

// Open connections, in all and per client address.
class Admission {
 public:
  // nullptr when admitted (release() it later), else why not.
  const char* admit(const std::string& client, int max_all, int max_client) {
    const std::lock_guard lock(mutex_);
    if (open_ >= max_all) return "the server has as many connections open as it accepts (--max-connections)";
    int& mine = per_client_[client];
    if (mine >= max_client) {
      if (mine == 0) per_client_.erase(client);
      return "this client address has as many connections open as the server accepts from one "
             "(--max-client-connections)";
    }
    ++mine;
    ++open_;
    return nullptr;
  }
  void release(const std::string& client) {
    const std::lock_guard lock(mutex_);
    --open_;
    const auto it = per_client_.find(client);
    if (it != per_client_.end() && --it->second == 0) per_client_.erase(it);
  }

 private:
  std::mutex mutex_;
  int open_ = 0;
  std::unordered_map<std::string, int> per_client_;
};

// The server's state, shared by its connections.
struct ServerState {
  // Declared first, destroyed last: connections still queued in the event loop release here.
  Admission admission;
  BodyBudget bodies;
  Api& api;
  ServerOptions options;
  net::io_context io{kLoopThreads};
  tcp::acceptor acceptor{io};
  net::steady_timer retry{io};
  net::thread_pool general;
  net::thread_pool reserve;

  ServerState(Api& a, ServerOptions o)
      : bodies(o.max_body_memory),
        api(a),
        options(std::move(o)),
        general(static_cast<size_t>(options.threads)),
        reserve(static_cast<size_t>(options.reserve_threads)) {}
  ServerState(const ServerState&) = delete;
  ServerState& operator=(const ServerState&) = delete;
  ~ServerState() {
    // Handlers still running finish (the Api outlives the server); their answers are dropped.
    general.join();
    reserve.join();
  }
  void accept();
  Response respond(http::request<http::string_body>& req) const;  // moves the body out
};

// One connection: read a request (headers, then body, each with its deadline), hand it to a pool,
// write the answer, and wait for the next (keep-alive) or close.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(ServerState& server, tcp::socket socket, std::string client, bool admitted)
      : server_(server), stream_(std::move(socket)), client_(std::move(client)), admitted_(admitted) {}
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session() {
    give_back();
    if (admitted_) server_.admission.release(client_);
  }

  void start() { read_header(server_.options.header_timeout); }

  void refuse(const char* why) {
    res_ = closing_error(http::status::service_unavailable, why);
    stream_.expires_after(std::chrono::seconds(kRefusalSeconds));
    http::async_write(stream_, res_, [self = shared_from_this()](beast::error_code, size_t) { self->close(); });
  }

 private:
  using Seconds = std::chrono::seconds;

  void read_header(int seconds) {
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    parser_->body_limit(server_.options.max_body);
    stream_.expires_after(Seconds(seconds));
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec) return failed(ec);
    const auto& req = parser_->get();
    if (parser_->is_done()) return dispatch();
    // A body follows: it is read only for the API, with a known token, within the budget. The
    // token may need a database read, which is not the event loop's to wait for.
    const std::string_view target(req.target().data(), req.target().size());
    if (target.rfind("/api/", 0) != 0)
      return answer_and_close(http::status::not_found, "not found: a body is only read for /api/ routes");
    net::post(server_.reserve, [self = shared_from_this(), auth = std::string(req[http::field::authorization])] {
      int known = 0;  // 1 known, 0 unknown, -1 the store failed
      try {
        known = self->server_.api.knows(auth) ? 1 : 0;
      } catch (const std::exception&) {
        known = -1;
      }
      net::post(self->stream_.get_executor(), [self, known] { self->on_token(known); });
    });
  }

  void on_token(int known) {
    if (known < 0)
      return answer_and_close(http::status::service_unavailable, "the store failed while checking the token");
    if (known == 0)
      return answer_and_close(
          http::status::unauthorized,
          "this route needs Authorization: Bearer TOKEN with a known token (the body was not read)");
    const auto declared = parser_->content_length();  // none: chunked, counted as the largest allowed
    const size_t need = declared ? static_cast<size_t>(*declared) : server_.options.max_body;
    if (!server_.bodies.take(need))
      return answer_and_close(http::status::service_unavailable,
                              "the server holds as many request bodies as it accepts at once (--max-body-memory): "
                              "retry in a moment");
    held_ = need;
    const auto& req = parser_->get();
    if (beast::iequals(req[http::field::expect], "100-continue")) {
      continue_.emplace(http::status::continue_, req.version());
      stream_.expires_after(Seconds(server_.options.body_timeout));
      http::async_write(stream_, *continue_, [self = shared_from_this()](beast::error_code e, size_t) {
        if (e) return self->close();
        self->read_body();
      });
      return;
    }
    read_body();
  }

  void read_body() {
    if (parser_->is_done()) return dispatch();
    stream_.expires_after(Seconds(server_.options.body_timeout));
    http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->failed(ec);
      self->dispatch();
    });
  }

  // A request that could not be read: too large or malformed gets its answer; a timeout, a reset or
  // an end of stream just closes.
  void failed(beast::error_code ec) {
    if (ec == http::error::body_limit)
      return answer_and_close(http::status::payload_too_large,
                              "the request body is larger than the server accepts (--max-body " +
                                  std::to_string(server_.options.max_body) + " bytes)");
    if (ec == http::error::header_limit)
      return answer_and_close(http::status::request_header_fields_too_large,
                              "the request's headers are larger than the server accepts");
    if (ec.category() == http::make_error_code(http::error::bad_target).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message)
      return answer_and_close(http::status::bad_request, "bad request: " + ec.message());
    close();
  }

  void dispatch() {
    stream_.expires_never();
    auto req = std::make_shared<http::request<http::string_body>>(parser_->release());
    parser_.reset();
    keep_alive_ = req->keep_alive();
    const std::string_view target(req->target().data(), req->target().size());
    const std::string path = decode_url(target.substr(0, target.find('?')), false);
    auto& pool = reserved(std::string_view(req->method_string().data(), req->method_string().size()), path)
                     ? server_.reserve
                     : server_.general;
    net::post(pool, [self = shared_from_this(), req] {
      auto res = std::make_shared<Response>(self->server_.respond(*req));
      net::post(self->stream_.get_executor(), [self, res] { self->write(std::move(*res)); });
    });
  }

  void give_back() {
    if (held_ > 0) server_.bodies.give(held_);
    held_ = 0;
  }

  void write(Response res) {
    give_back();  // the request and its body are done with
    res_ = std::move(res);
    stream_.expires_after(Seconds(server_.options.body_timeout));
    http::async_write(stream_, res_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec || !self->keep_alive_) return self->lingering_ ? self->drain() : self->close();
      self->read_header(self->server_.options.idle_timeout);
    });
  }

  // An answer before the body was read (413): the client may still be sending it. Reading what
  // comes for a while lets it read the answer instead of a reset.
  void answer_and_close(http::status status, const std::string& message) {
    keep_alive_ = false;
    lingering_ = true;
    write(closing_error(status, message));
  }

  void drain() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(Seconds(server_.options.header_timeout));
    drain_some();
  }
  void drain_some() {
    if (!scratch_) scratch_ = std::make_unique<std::array<char, 16384>>();
    stream_.async_read_some(net::buffer(*scratch_), [self = shared_from_this()](beast::error_code ec, size_t n) {
      self->drained_ += n;
      if (ec || self->drained_ > 4 * self->server_.options.max_body) return self->close();
      self->drain_some();
    });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  ServerState& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::empty_body>> continue_;
  Response res_;
  std::unique_ptr<std::array<char, 16384>> scratch_;
  size_t drained_ = 0;
  size_t held_ = 0;  // bytes of the body budget this request holds
  std::string client_;
  bool admitted_;
  bool keep_alive_ = false;
  bool lingering_ = false;
};

void ServerState::accept() {
  acceptor.async_accept(net::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
    if (!acceptor.is_open()) return;
    if (ec) {
      // Out of file descriptors (or another transient failure): try again shortly instead of
      // spinning on the same error.
      spdlog::warn("accept: {}", ec.message());
      retry.expires_after(std::chrono::milliseconds(100));
      retry.async_wait([this](beast::error_code) { accept(); });
      return;
    }
    beast::error_code peer_ec;
    // An answer goes out as headers and body: without TCP_NODELAY the second write of a keep-alive
    // answer can wait for the client's delayed ACK (40 ms on Linux).
    socket.set_option(tcp::no_delay(true), peer_ec);
    const std::string client = socket.remote_endpoint(peer_ec).address().to_string();
    const char* refused = admission.admit(client, options.max_connections, options.max_client_connections);
    auto session = std::make_shared<Session>(*this, std::move(socket), client, refused == nullptr);
    if (refused != nullptr)
      session->refuse(refused);
    else
      session->start();
    accept();
  });
}

Response ServerState::respond(http::request<http::string_body>& req) const {
  const std::string_view target(req.target().data(), req.target().size());
  const size_t q = target.find('?');
  const std::string path = decode_url(target.substr(0, q), false);
  const bool head = req.method() == http::verb::head;
  Response res{http::status::ok, req.version()};
  if (req.method() == http::verb::options && !options.cors_origin.empty()) {
    res.result(http::status::no_content);  // a browser's preflight: the CORS headers below answer it
  } else if (path == "/api" || path.rfind("/api/", 0) == 0) {
    ApiRequest rq;
    rq.method = head ? std::string("GET") : std::string(req.method_string());
    rq.path = path;
    if (q != std::string_view::npos) rq.query = parse_query(target.substr(q + 1));
    rq.authorization = std::string(req[http::field::authorization]);
    rq.body = std::move(req.body());  // not copied: it may be 16 MiB
    const ApiResponse out = api.handle(rq);
    res.result(static_cast<unsigned>(out.status));
    for (const auto& [k, v] : out.headers) res.set(k, v);
    res.set(http::field::cache_control, "no-store");
    if (out.status != 204) {
      res.set(http::field::content_type, out.content_type);
      res.body() = out.body;
    }
  } else {
    std::optional<WebFile> file;
    if ((req.method() == http::verb::get || head) && !options.web_dir.empty())
      file = read_web_file(options.web_dir, path);
    if (file) {
      res.set(http::field::content_type, file->content_type);
      res.body() = std::move(file->body);
    } else {
      res.result(http::status::not_found);
      res.set(http::field::content_type, "application/json");
      res.body() = error_json(404, "not found: " + path);
    }
  }
  res.set("X-Content-Type-Options", "nosniff");
  if (!options.cors_origin.empty()) {
    res.set(http::field::access_control_allow_origin, options.cors_origin);
    res.set(http::field::access_control_allow_headers, "Authorization, Content-Type");
    res.set(http::field::access_control_allow_methods, "GET, POST, PUT, DELETE");
  }
  res.keep_alive(req.keep_alive());
  res.prepare_payload();
  if (res.result() == http::status::no_content) res.erase(http::field::content_length);  // RFC 9110 15.3.5
  if (head) res.body().clear();  // the Content-Length of the GET stays
  return res;
}

}  // namespace

struct HttpServer::Impl : ServerState {
  using ServerState::ServerState;
};

HttpServer::HttpServer(Api& api, ServerOptions options) : impl_(std::make_unique<Impl>(api, std::move(options))) {
  std::error_code ec;
  auto& opt = impl_->options;
  if (!opt.web_dir.empty() && !std::filesystem::is_directory(opt.web_dir, ec)) {
    spdlog::warn("no web app at {} (run scripts/setup to build it): only the API is served", opt.web_dir);
    opt.web_dir.clear();
  }
}

HttpServer::~HttpServer() = default;

int HttpServer::bind() {
  auto& impl = *impl_;
  auto& opt = impl.options;
  // Every connection is a file descriptor: take the hard limit, and keep the caps under it.
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0) {
    files.rlim_cur = files.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &files);
    const auto room = static_cast<int64_t>(files.rlim_cur) - 256;  // the store, runs, logs
    if (room < opt.max_connections) {
      spdlog::warn("--max-connections {} lowered to {}: the process may open {} files", opt.max_connections,
                   std::max<int64_t>(room, 16), files.rlim_cur);
      opt.max_connections = static_cast<int>(std::max<int64_t>(room, 16));
    }
  }
  beast::error_code ec;
  tcp::resolver resolver(impl.io);
  const auto endpoints = resolver.resolve(opt.bind, std::to_string(opt.port), ec);
  if (ec || endpoints.empty()) {
    spdlog::error("cannot listen on {}:{}: {}", opt.bind, opt.port, ec ? ec.message() : "no address");
    return -1;
  }
  const tcp::endpoint endpoint = *endpoints.begin();
  auto& acc = impl.acceptor;
  // SO_REUSEADDR only (a restart may bind while old connections linger), never SO_REUSEPORT: with
  // it a second server on a busy port would start silently and the kernel split clients between
  // the two stores.
  if (acc.open(endpoint.protocol(), ec) || acc.set_option(net::socket_base::reuse_address(true), ec) ||
      acc.bind(endpoint, ec) || acc.listen(net::socket_base::max_listen_connections, ec)) {
    spdlog::error("cannot listen on {}:{}: {}", opt.bind, opt.port, ec.message());
    acc.close(ec);
    return -1;
  }
  return acc.local_endpoint().port();
}

void HttpServer::listen() {
  if (!impl_->acceptor.is_open()) return;
  impl_->accept();
  std::vector<std::thread> more;
  for (int k = 1; k < kLoopThreads; ++k) more.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (auto& t : more) t.join();
}

void HttpServer::stop() {
  net::post(impl_->io, [this] {
    beast::error_code ec;
    impl_->acceptor.close(ec);
    impl_->io.stop();
  });
}

}  // namespace opticplan::serve
