#!/usr/bin/env python3
"""httpd.py: the loopback HTTP server baonoi's end-to-end tests fetch from.

Listens on 127.0.0.1 on a free port, prints the port on its first line, and serves the
bundled example and the failure cases the fetch stage must handle: redirects and loops,
HTTP errors, gzip transfer, a decompression bomb, an oversized body, a slow server, binary
documents, a redirect to a non-HTTP scheme, a legacy charset, a page with no article, and
hostile replies: a malformed redirect, an HTTP/0.9 reply, a 200 KB header, canonical URLs that
are not http(s) or too long. With a certificate and key as arguments it serves HTTPS."""
import gzip
import http.server
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = open(os.path.join(ROOT, "examples", "ictvietnam-2020-05-25.html"), "rb").read()
LISTING = ("<html><head><title>Trang chủ</title></head><body><nav><ul>"
           + "".join(f'<li><a href="/c{i}">Chuyên mục {i}</a></li>' for i in range(30))
           + "</ul></nav><div class='list-news'>"
           + "".join(f'<h3><a href="/a{i}">Tin số {i} về kinh tế và xã hội hôm nay</a></h3>'
                     for i in range(40))
           + "</div><footer>Bản quyền</footer></body></html>").encode()
# Python's cp1258 codec cannot compose tone marks; glibc's iconv can.
WIN1258 = subprocess.run(
    ["iconv", "-f", "UTF-8", "-t", "WINDOWS-1258"], check=True, capture_output=True,
    input=("<html><head><title>Tiếng Việt</title></head><body><article><h1>Tiếng Việt</h1>"
           "<p>Tiếng Việt được viết bằng bảng mã cũ, có dấu phẩy, đủ dài để đọc. Trang này cần "
           "nhiều chữ hơn một trang lỗi, nên có thêm câu thứ hai, dài vừa phải.</p>"
           "</article></body></html>").encode()).stdout


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send(self, code, body, ctype="text/html; charset=utf-8", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, where, code=302):
        self.send(code, b"", headers=[("Location", where)])

    def do_GET(self):
        p = self.path
        if p == "/article.html":
            self.send(200, EXAMPLE)
        elif p == "/gzip.html":
            self.send(200, gzip.compress(EXAMPLE), headers=[("Content-Encoding", "gzip")])
        elif p == "/redirect":
            self.redirect("/redirect2", 301)
        elif p == "/redirect2":
            self.redirect("/article.html")
        elif p == "/loop":
            self.redirect("/loop")
        elif p == "/to-file":
            self.redirect("file:///etc/passwd")
        elif p == "/404":
            self.send(404, b"<h1>Not found</h1>")
        elif p == "/500":
            self.send(500, b"<h1>Oops</h1>")
        elif p == "/doc.pdf":
            self.send(200, b"%PDF-1.4\n" + bytes(range(256)) * 20, "application/pdf")
        elif p == "/image":
            self.send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png")
        elif p == "/bomb":
            self.send(200, gzip.compress(b" " * (64 << 20), 9), headers=[("Content-Encoding", "gzip")])
        elif p == "/big":
            self.send(200, b"<p>" + b"a" * (20 << 20) + b"</p>")
        elif p == "/slow":
            time.sleep(5)
            self.send(200, EXAMPLE)
        elif p == "/win1258.html":
            self.send(200, WIN1258, "text/html; charset=windows-1258")
        elif p == "/home":
            self.send(200, LISTING)
        elif p == "/empty":
            self.send(200, b"")
        elif p == "/article.txt":
            self.send(200, "Tiêu đề\n\nĐoạn một.\n".encode(), "text/plain; charset=utf-8")
        elif p == "/bad-location":
            self.redirect("http://[::1")  # not a URL
        elif p == "/http09":
            self.wfile.write(b"hello, no status line\n")  # an HTTP/0.9 reply
            self.close_connection = True
        elif p == "/huge-header":
            self.send(200, EXAMPLE, headers=[("X-Filler", "a" * 200000)])
        elif p == "/canonical-odd":
            self.send(200, EXAMPLE.replace(
                b'<link rel="canonical" href="', b'<link rel="canonical" href="javascript:'))
        elif p == "/canonical-long":
            self.send(200, EXAMPLE.replace(
                b'<link rel="canonical" href="', b'<link rel="canonical" href="https://x.vn/'
                + b"a" * 3000))
        else:
            self.send(404, b"no such test page")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # clients hang up on purpose (size caps, timeouts)


def main():
    server = Server(("127.0.0.1", 0), Handler)
    if len(sys.argv) == 3:  # httpd.py CERT KEY: serve HTTPS with that certificate
        import ssl
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[1], sys.argv[2])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    sys.stdout.close()
    server.serve_forever()


if __name__ == "__main__":
    main()
