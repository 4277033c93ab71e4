// Golden cases: each folder under tests/cases/ (any depth) that holds a `cmd` file is one run of the
// opticplan CLI. `cmd` starts with one line `# why: ...` saying what the case proves (the runner
// refuses a cmd without it), then holds the arguments (split on spaces and newlines; "double
// quotes" group); the run's working directory is the case folder, so input files sit beside `cmd`.
// Expected:
//   expected.stdout  exact standard output (absent: not compared)
//   expected.stderr  exact standard error (absent: must be empty)
//   expected.exit    exit code (absent: 0)
// A new case is a new folder: no code. tests/CMakeLists.txt makes each folder its own ctest test,
// golden/<path> (the folder list is globbed at configure time and re-checked on every build), which
// runs `opticplan_golden_tests OPTICPLAN <path>`; with no <path> the binary runs every case.
// OPTICPLAN_UPDATE_GOLDEN=1 rewrites the expected files from the actual output (review the diff
// before committing it).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::string g_binary;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void spit(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

std::vector<std::string> split_args(const std::string& line) {
  std::vector<std::string> args;
  std::string cur;
  bool in_quotes = false, have = false;
  for (char c : line) {
    if (c == '"') {
      in_quotes = !in_quotes;
      have = true;
    } else if ((c == ' ' || c == '\n' || c == '\t') && !in_quotes) {
      if (have) args.push_back(cur);
      cur.clear();
      have = false;
    } else {
      cur += c;
      have = true;
    }
  }
  if (have) args.push_back(cur);
  return args;
}

// A cmd file: the `# why: ...` first line and the arguments after it.
struct Cmd {
  std::string why;
  std::vector<std::string> args;
  std::string error;  // why the file was refused; empty when it is well formed
};

Cmd parse_cmd(const std::string& text) {
  Cmd c;
  const size_t eol = text.find('\n');
  const std::string first = text.substr(0, eol);
  const std::string prefix = "# why:";
  if (first.rfind(prefix, 0) != 0) {
    c.error = "its first line must be `# why: ...`, one sentence saying what the case proves; got \"" + first + "\"";
    return c;
  }
  c.why = first.substr(prefix.size());
  c.why.erase(0, c.why.find_first_not_of(" \t"));
  c.why.erase(c.why.find_last_not_of(" \t\r") + 1);
  if (c.why.empty()) {
    c.error = "its `# why:` line is empty: say what the case proves";
    return c;
  }
  c.args = split_args(eol == std::string::npos ? std::string() : text.substr(eol + 1));
  if (c.args.empty()) c.error = "it holds no arguments after the `# why:` line";
  return c;
}

struct RunResult {
  std::string out, err;
  int exit_code = -1;
};

RunResult run(const fs::path& dir, const std::vector<std::string>& args) {
  const fs::path tmp = fs::temp_directory_path() / ("opticplan-golden-" + std::to_string(::getpid()));
  fs::create_directories(tmp);
  const fs::path out_file = tmp / "out", err_file = tmp / "err";
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::chdir(dir.c_str()) != 0) ::_exit(120);
    int o = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(o, 1);
    ::dup2(e, 2);
    int in = ::open("/dev/null", O_RDONLY);
    ::dup2(in, 0);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(g_binary.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::setenv("OPTICPLAN_DATA", OPTICPLAN_REPO_DIR "/data", 1);
    ::execv(g_binary.c_str(), argv.data());
    ::_exit(127);
  }
  RunResult r;
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (true) {
    const pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      r.err = "(timed out)";
      return r;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  r.out = slurp(out_file);
  r.err = slurp(err_file);
  std::error_code ignored;
  fs::remove_all(tmp, ignored);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

class GoldenCase : public testing::Test {
 public:
  explicit GoldenCase(fs::path dir) : dir_(std::move(dir)) {}
  void TestBody() override {
    const Cmd cmd = parse_cmd(slurp(dir_ / "cmd"));
    ASSERT_TRUE(cmd.error.empty()) << (dir_ / "cmd").string() << ": " << cmd.error;
    SCOPED_TRACE("why: " + cmd.why);  // a failure says what the case was proving
    const RunResult r = run(dir_, cmd.args);
    const bool update = std::getenv("OPTICPLAN_UPDATE_GOLDEN") != nullptr;
    const int expected_exit = fs::exists(dir_ / "expected.exit") ? std::stoi(slurp(dir_ / "expected.exit")) : 0;
    if (update) {
      if (r.exit_code != 0 || fs::exists(dir_ / "expected.exit"))
        spit(dir_ / "expected.exit", std::to_string(r.exit_code) + "\n");
      if (!r.err.empty() || fs::exists(dir_ / "expected.stderr")) spit(dir_ / "expected.stderr", r.err);
      spit(dir_ / "expected.stdout", r.out);
      return;
    }
    EXPECT_EQ(r.exit_code, expected_exit) << "stderr:\n" << r.err;
    const std::string expected_err = fs::exists(dir_ / "expected.stderr") ? slurp(dir_ / "expected.stderr") : "";
    EXPECT_EQ(r.err, expected_err);
    if (fs::exists(dir_ / "expected.stdout")) {
      EXPECT_EQ(r.out, slurp(dir_ / "expected.stdout"));
    }
  }

 private:
  fs::path dir_;
};

}  // namespace

// Usage: opticplan_golden_tests [gtest flags] OPTICPLAN [CASE...]. CASE is a folder path relative
// to tests/cases (as ctest passes it); without one, every case runs.
int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s PATH_TO_OPTICPLAN [CASE...]\n", argv[0]);
    return 2;
  }
  g_binary = fs::absolute(argv[1]).string();
  const fs::path root = OPTICPLAN_CASES_DIR;
  std::vector<fs::path> cases;
  if (argc > 2) {
    for (int i = 2; i < argc; ++i) {
      const fs::path dir = root / argv[i];
      if (!fs::is_regular_file(dir / "cmd")) {
        std::fprintf(stderr, "no golden case %s (no %s)\n", argv[i], (dir / "cmd").c_str());
        return 1;
      }
      cases.push_back(dir);
    }
  } else {
    for (const auto& e : fs::recursive_directory_iterator(root))
      if (e.is_regular_file() && e.path().filename() == "cmd") cases.push_back(e.path().parent_path());
    std::sort(cases.begin(), cases.end());
  }
  for (const auto& dir : cases) {
    const std::string rel = fs::relative(dir, root).string();
    std::string suite = rel.substr(0, rel.find('/'));
    std::string name = rel.find('/') == std::string::npos ? rel : rel.substr(rel.find('/') + 1);
    for (auto* s : {&suite, &name}) {
      for (char& c : *s) {
        if (!isalnum(static_cast<unsigned char>(c))) c = '_';
      }
    }
    testing::RegisterTest(suite.c_str(), name.c_str(), nullptr, nullptr, __FILE__, __LINE__,
                          [dir]() -> testing::Test* { return new GoldenCase(dir); });
  }
  if (cases.empty()) {
    std::fprintf(stderr, "no golden cases under %s\n", OPTICPLAN_CASES_DIR);
    return 1;
  }
  return RUN_ALL_TESTS();
}
