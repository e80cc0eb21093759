/* test_extract.c: the extract stage on the bundled example and on hostile pages. */
#include "unit.h"

#include "buf.h"
#include "internal.h"

#include <iconv.h>

static char *example_path(const char *ext)
{
	static char path[4096];
	snprintf(path, sizeof path, "%s/examples/ictvietnam-2020-05-25.%s", bn_data_dir(), ext);
	return path;
}

/* Extract from bytes in memory; returns the status and the article (or NULL). */
static bn_status extract_bytes(const char *bytes, size_t len, const char *type, int captions,
                               bn_article **out)
{
	bn_document *doc = NULL;
	bn_error err;
	*out = NULL;
	bn_status st = bn_document_from_bytes("test", bytes, len, type, &doc, &err);
	if (st != BN_OK)
		return st;
	bn_extract_options opts = {sizeof opts, captions};
	st = bn_extract(doc, &opts, out, &err);
	if (st != BN_OK)
		assert_true(strncmp(err.message, "test: ", 6) == 0);
	bn_document_free(doc);
	return st;
}

static void test_example_matches_gold(void **state)
{
	(void)state;
	bn_document *doc = NULL;
	bn_article *a = NULL;
	bn_error err;
	assert_int_equal(bn_fetch(example_path("html"), NULL, &doc, &err), BN_OK);
	assert_int_equal(bn_extract(doc, NULL, &a, &err), BN_OK);
	char *text = bn_article_to_text(a);
	char *gold = unit_read_file(example_path("txt"), NULL);
	assert_string_equal(text, gold);
	assert_string_equal(a->byline, "PV");
	assert_string_equal(a->published, "2020-05-25T16:20:00+07:00");
	assert_string_equal(a->lang, "vi");
	assert_string_equal(a->site_name, "Tạp chí Thông tin & Truyền thông");
	assert_non_null(strstr(a->url, "https://ictvietnam.vn/viet-nam-ung-ho"));
	assert_int_equal(a->blocks[0].type, BN_BLOCK_PARAGRAPH); /* the sapo */
	free(text);
	free(gold);
	bn_article_free(a);
	bn_document_free(doc);
}

static void test_example_captions(void **state)
{
	(void)state;
	size_t len;
	char *html = unit_read_file(example_path("html"), &len);
	bn_article *a = NULL;
	assert_int_equal(extract_bytes(html, len, "text/html", 1, &a), BN_OK);
	int captions = 0;
	for (size_t i = 0; i < a->nblocks; i++)
		if (a->blocks[i].type == BN_BLOCK_CAPTION) {
			captions++;
			assert_non_null(
			        strstr(a->blocks[i].text, "Đại sứ Đặng Đình Quý phát biểu"));
		}
	assert_int_equal(captions, 1);
	bn_article_free(a);
	free(html);
}

/* A caption's photo credit is not part of what it says: dropped whatever its form, the
 * caption kept; a caption that is only a credit is dropped; words that merely start like a
 * credit ("Ảnh hưởng", "Ảnh: Toàn cảnh ...") are kept. */
static void test_caption_credits(void **state)
{
	(void)state;
	static const char *const captions[][2] = {
	        {"Đại sứ phát biểu tại cuộc họp. (Ảnh: dangcongsan.vn)",
	         "Đại sứ phát biểu tại cuộc họp."},
	        {"Người dân đi bộ trên phố - Ảnh: Ngọc Thắng", "Người dân đi bộ trên phố"},
	        {"Lũ tràn qua cầu. Ảnh: TTXVN", "Lũ tràn qua cầu."},
	        {"Quang cảnh phiên họp – Ảnh: Quốc hội", "Quang cảnh phiên họp"},
	        {"Tàu cập cảng (ảnh minh họa)", "Tàu cập cảng"},
	        {"Protesters in the square. Photo: AP/Reuters", "Protesters in the square."},
	        {"Ảnh hưởng của bão số 3 tới vùng trồng lúa",
	         "Ảnh hưởng của bão số 3 tới vùng trồng lúa"},
	        {"Ảnh: Toàn cảnh hội nghị tại Hà Nội", "Ảnh: Toàn cảnh hội nghị tại Hà Nội"},
	        {"Church leaders meet in Harare in 2006 Credit: DESMOND KWANDE/ AFP",
	         "Church leaders meet in Harare in 2006"},
	        {"Ảnh: Reuters", NULL},
	};
	bn_buf html = BN_BUF_INIT;
	bn_buf_puts(&html, "<html><head><title>Bão số 3 đổ bộ</title></head><body><article>"
	                   "<h1>Bão số 3 đổ bộ</h1>");
	for (size_t i = 0; i < BN_ARRAY_LEN(captions); i++)
		bn_buf_printf(
		        &html,
		        "<p>Đoạn %zu: cơn bão đã gây mưa lớn ở nhiều tỉnh phía bắc, nhiều tuyến "
		        "đường bị ngập sâu và hàng nghìn hộ dân phải sơ tán đến nơi an toàn "
		        "trong đêm qua theo chỉ đạo của chính quyền địa phương.</p>"
		        "<figure><img src=\"a%zu.jpg\"><figcaption>%s</figcaption></figure>",
		        i, i, captions[i][0]);
	bn_buf_puts(&html, "</article></body></html>");
	assert_false(html.failed);
	bn_article *a = NULL;
	assert_int_equal(extract_bytes(html.data, html.len, "text/html", 1, &a), BN_OK);
	size_t k = 0;
	for (size_t i = 0; i < a->nblocks; i++) {
		if (a->blocks[i].type != BN_BLOCK_CAPTION)
			continue;
		while (k < BN_ARRAY_LEN(captions) && !captions[k][1])
			k++;
		assert_true(k < BN_ARRAY_LEN(captions));
		assert_string_equal(a->blocks[i].text, captions[k][1]);
		k++;
	}
	while (k < BN_ARRAY_LEN(captions) && !captions[k][1])
		k++;
	assert_int_equal(k, BN_ARRAY_LEN(captions));
	bn_article_free(a);
	bn_buf_free(&html);
}

/* Linked headings: under each, a paragraph of prose makes an article (its headings link to
 * its own sections, as a long guide's do), a teaser of a line makes a list of articles. */
static void test_linked_headings(void **state)
{
	(void)state;
	for (int prose = 1; prose >= 0; prose--) {
		bn_buf html = BN_BUF_INIT;
		bn_buf_puts(&html, "<html><head><title>Hướng dẫn khai thuế</title></head><body>"
		                   "<main><h1>Hướng dẫn khai thuế</h1>");
		for (int i = 1; i <= 5; i++) {
			bn_buf_printf(&html,
			              "<h2><a href=\"%s%d\">Phần %d: khai thuế thu nhập</a></h2>",
			              prose ? "#phan-" : "/tin/bai-", i, i);
			if (prose)
				bn_buf_printf(
				        &html,
				        "<p>Ở phần %d, người nộp thuế chuẩn bị giấy tờ về thu nhập "
				        "trong năm, các khoản giảm trừ gia cảnh cho người phụ "
				        "thuộc, "
				        "chứng từ khấu trừ do nơi trả thu nhập cấp, rồi điền tờ "
				        "khai "
				        "theo mẫu và gửi qua cổng thuế điện tử trước hạn chót của "
				        "cơ "
				        "quan thuế quản lý.</p>",
				        i);
			else
				bn_buf_printf(&html,
				              "<p>Tóm tắt ngắn về bài %d trong chuyên mục.</p>", i);
		}
		bn_buf_puts(&html, "</main></body></html>");
		assert_false(html.failed);
		bn_article *a = NULL;
		bn_status st = extract_bytes(html.data, html.len, "text/html", 0, &a);
		if (prose) {
			assert_int_equal(st, BN_OK);
			size_t paragraphs = 0;
			for (size_t i = 0; i < a->nblocks; i++)
				paragraphs += strstr(a->blocks[i].text, "người nộp thuế") != NULL;
			assert_int_equal(paragraphs, 5);
		} else {
			assert_int_equal(st, BN_ERR_NO_ARTICLE);
		}
		bn_article_free(a);
		bn_buf_free(&html);
	}
}

/* A <title> that adds the site's name after a separator, whatever the name (not the page's
 * host, not declared), gives the title as the page's <h1> shows it. */
static void test_title_site_part(void **state)
{
	(void)state;
	static const char *const titles[] = {"Giá vàng hôm nay tăng mạnh - Báo Mới Ngày Nay",
	                                     "Giá vàng hôm nay tăng mạnh | Tin nhanh 24 giờ",
	                                     "Giá vàng hôm nay tăng mạnh – Kinh tế – Thời báo X"};
	for (size_t k = 0; k < BN_ARRAY_LEN(titles); k++) {
		bn_buf html = BN_BUF_INIT;
		bn_buf_printf(&html,
		              "<html><head><title>%s</title></head><body><article>"
		              "<h1>Giá vàng hôm nay tăng mạnh</h1>",
		              titles[k]);
		for (int i = 0; i < 3; i++)
			bn_buf_puts(&html,
			            "<p>Sáng nay giá vàng miếng trong nước tăng thêm nửa triệu "
			            "đồng mỗi lượng, theo đà tăng của giá vàng thế giới trong "
			            "phiên giao dịch đêm qua tại thị trường New York.</p>");
		bn_buf_puts(&html, "</article></body></html>");
		assert_false(html.failed);
		bn_article *a = NULL;
		assert_int_equal(extract_bytes(html.data, html.len, "text/html", 0, &a), BN_OK);
		assert_string_equal(a->title, "Giá vàng hôm nay tăng mạnh");
		bn_article_free(a);
		bn_buf_free(&html);
	}
	/* Nothing but a <title>: a short last part is a site's name; a dash inside a headline
	 * whose first part is short stays. */
	static const char *const bare[][2] = {
	        {"Giá vàng hôm nay tăng mạnh – Trang tin X", "Giá vàng hôm nay tăng mạnh"},
	        {"Hà Nội - Hải Phòng thông xe cao tốc", "Hà Nội - Hải Phòng thông xe cao tốc"}};
	for (size_t k = 0; k < BN_ARRAY_LEN(bare); k++) {
		bn_buf html = BN_BUF_INIT;
		bn_buf_printf(&html, "<html><head><title>%s</title></head><body><div>", bare[k][0]);
		for (int i = 0; i < 3; i++)
			bn_buf_printf(
			        &html,
			        "<p>Phiên %d: sáng nay giá vàng miếng trong nước tăng thêm nửa "
			        "triệu đồng mỗi lượng, theo đà tăng của thế giới.</p>",
			        i + 1);
		bn_buf_puts(&html, "</div></body></html>");
		assert_false(html.failed);
		bn_article *a = NULL;
		assert_int_equal(extract_bytes(html.data, html.len, "text/html", 0, &a), BN_OK);
		assert_string_equal(a->title, bare[k][1]);
		bn_article_free(a);
		bn_buf_free(&html);
	}
	/* No <h1>: a heading the title starts with is the headline, read once. */
	static const char page[] =
	        "<html><head><title>Giá vàng hôm nay tăng mạnh_Kinh tế_Báo X</title></head><body>"
	        "<div><div class=\"tit\">Giá vàng hôm nay tăng mạnh</div>"
	        "<p>Sáng nay giá vàng miếng trong nước tăng thêm nửa triệu đồng mỗi lượng, theo đà "
	        "tăng của giá vàng thế giới trong phiên giao dịch đêm qua tại New York.</p>"
	        "<p>Các doanh nghiệp cho biết lượng khách mua tích trữ tăng mạnh từ đầu tuần, "
	        "nhiều cửa hàng phải giới hạn số lượng bán cho mỗi người.</p></div></body></html>";
	bn_article *a = NULL;
	assert_int_equal(extract_bytes(page, strlen(page), "text/html", 0, &a), BN_OK);
	assert_string_equal(a->title, "Giá vàng hôm nay tăng mạnh");
	for (size_t i = 0; i < a->nblocks; i++)
		assert_string_not_equal(a->blocks[i].text, "Giá vàng hôm nay tăng mạnh");
	bn_article_free(a);
}

/* The text of all of an article's blocks joined by newlines, malloc'd. */
static char *article_text(const bn_article *a)
{
	bn_buf b = BN_BUF_INIT;
	for (size_t i = 0; i < a->nblocks; i++)
		bn_buf_printf(&b, "%s\n", a->blocks[i].text);
	assert_false(b.failed);
	return bn_buf_take(&b);
}

/* A paragraph the author wrote twice is read twice; a gallery's legends inside the body are
 * its photos' captions, read only with captions kept; a kicker then the repeated title at the
 * top is not read as the title again. */
static void test_repeats_and_galleries(void **state)
{
	(void)state;
	static const char para[] =
	        "<p>Người dân ven sông đã quen với cảnh nước lên mỗi mùa mưa, "
	        "nhưng năm nay nước lên nhanh hơn mọi năm và rút chậm hơn, "
	        "khiến nhiều gia đình phải dời đồ đạc lên gác suốt một tuần.</p>";
	bn_buf html = BN_BUF_INIT;
	bn_buf_puts(&html, "<html><head><title>Mùa nước nổi</title></head><body><article>"
	                   "<p>Thời sự —</p><h2>Mùa nước nổi</h2>");
	bn_buf_puts(&html, para);
	bn_buf_puts(&html, para);
	bn_buf_puts(&html, "<div class=\"photo-gallery\"><ul>");
	for (int i = 1; i <= 6; i++)
		bn_buf_printf(&html,
		              "<li><h3>%d/6 Cánh đồng</h3><p>Những cánh đồng lúa ngập trắng nước "
		              "nhìn từ trên cao, chỉ còn lại các bờ ruộng và hàng cây như những "
		              "đường kẻ mảnh trên mặt nước mênh mông buổi sáng.</p></li>",
		              i);
	bn_buf_puts(&html, "</ul></div>");
	bn_buf_puts(&html, para);
	bn_buf_puts(&html, "</article></body></html>");
	assert_false(html.failed);
	for (int captions = 0; captions <= 1; captions++) {
		bn_article *a = NULL;
		assert_int_equal(extract_bytes(html.data, html.len, "text/html", captions, &a),
		                 BN_OK);
		char *text = article_text(a);
		size_t repeats = 0;
		for (const char *p = text; (p = strstr(p, "Người dân ven sông")); p++)
			repeats++;
		assert_int_equal(repeats, 3);
		assert_int_equal(strstr(text, "Những cánh đồng lúa") != NULL, captions);
		for (size_t i = 0; i < a->nblocks; i++)
			assert_string_not_equal(a->blocks[i].text, "Mùa nước nổi");
		free(text);
		bn_article_free(a);
	}
	bn_buf_free(&html);
}

/* A section's id spelling its heading is not a cue: "sharing-..." is not a share bar. A
 * linked cell of a row of data is read; a row of links is not. */
static void test_slug_ids_and_data_cells(void **state)
{
	(void)state;
	static const char page[] =
	        "<html><head><title>Tool library</title></head><body><article><h1>Tool library</h1>"
	        "<p>The city's libraries lend drills, ladders and sewing machines, and the scheme "
	        "has brought in many people who had not held a library card for years.</p>"
	        "<div class=\"section\" id=\"sharing-what-you-own\"><h2>Sharing what you own</h2>"
	        "<p>An average household drill is used for about fifteen minutes in its whole "
	        "life, so lending one drill to dozens of households saves money and waste.</p>"
	        "<table><tr><td><a href=\"/a\">Pressure washer</a></td><td>214 loans</td>"
	        "<td>nine members waiting at a time</td></tr>"
	        "<tr><td><a href=\"/x\">Home</a></td><td><a href=\"/y\">News</a></td>"
	        "<td><a href=\"/z\">Sport</a></td></tr></table>"
	        "<p>Camping gear and musical instruments will be added next spring with a grant "
	        "from a local building society, the libraries said.</p></div>"
	        "</article></body></html>";
	bn_article *a = NULL;
	assert_int_equal(extract_bytes(page, strlen(page), "text/html", 0, &a), BN_OK);
	char *text = article_text(a);
	assert_non_null(strstr(text, "Sharing what you own"));
	assert_non_null(strstr(text, "An average household drill"));
	assert_non_null(strstr(text, "Pressure washer"));
	assert_null(strstr(text, "Sport"));
	free(text);
	bn_article_free(a);
}

/* A MathML formula is read: its alttext, or its tokens apart. */
static void test_math(void **state)
{
	(void)state;
	static const char page[] =
	        "<html><head><title>Quadratics</title></head><body><article><h1>Quadratics</h1>"
	        "<p>When a is not zero there are two solutions to <math><mi>a</mi><msup><mi>x</mi>"
	        "<mn>2</mn></msup><mo>+</mo><mi>c</mi><mo>=</mo><mn>0</mn></math>, and the "
	        "formula that gives them is taught to every pupil in the last years of school.</p>"
	        "<p>Its discriminant <math alttext=\"b squared minus four a c\"><msup><mi>b</mi>"
	        "<mn>2</mn></msup></math> tells how many real solutions there are, which is the "
	        "first thing to look at before any other step of the work.</p>"
	        "</article></body></html>";
	bn_article *a = NULL;
	assert_int_equal(extract_bytes(page, strlen(page), "text/html", 0, &a), BN_OK);
	char *text = article_text(a);
	assert_non_null(strstr(text, "solutions to a x 2 + c = 0 , and"));
	assert_non_null(strstr(text, "discriminant b squared minus four a c tells"));
	free(text);
	bn_article_free(a);
}

/* A wrapper named like a lead ("intro") around the chosen text is read once, whole: no
 * paragraph twice. */
static void test_intro_wrapper(void **state)
{
	(void)state;
	static const char page[] =
	        "<html><head><title>Nhật ký</title></head><body><section class=\"intro\">"
	        "<p>Ghi chép ngắn.</p><ul><li><h2>Phần một</h2><p>Chuyến đi bắt đầu từ sáng "
	        "sớm.</p></li></ul><div class=\"notice\"><h4>Lưu ý</h4><p>Đoàn khởi hành từ "
	        "bến xe phía nam lúc năm giờ, mỗi người mang theo áo mưa, nước uống và giấy tờ "
	        "tùy thân, vì đường lên bản dài, nhiều đoạn dốc và trơn sau những ngày mưa.</p>"
	        "</div></section></body></html>";
	bn_article *a = NULL;
	assert_int_equal(extract_bytes(page, strlen(page), "text/html", 0, &a), BN_OK);
	char *text = article_text(a);
	const char *first = strstr(text, "Đoàn khởi hành");
	assert_non_null(first);
	assert_null(strstr(first + 1, "Đoàn khởi hành"));
	free(text);
	bn_article_free(a);
}

/* Boxes inside the body: a sign-up form and an opt-in box are dropped, a chart's labels
 * are not read; a form around the whole page (as ASP.NET sites have) keeps the article. */
static void test_boxes_in_body(void **state)
{
	(void)state;
	static const char para[] = "<p>Giá điện sinh hoạt được điều chỉnh từ đầu tháng, mức tăng "
	                           "bình quân khoảng năm phần trăm, theo thông báo của tập đoàn "
	                           "điện lực gửi tới khách hàng trong tuần này.</p>";
	for (int whole_form = 0; whole_form <= 1; whole_form++) {
		bn_buf html = BN_BUF_INIT;
		bn_buf_printf(&html,
		              "<html><head><title>Giá điện</title></head><body>%s<article>"
		              "<h1>Giá điện</h1>",
		              whole_form ? "<form id=\"form1\" method=\"post\">" : "");
		bn_buf_puts(&html, para);
		bn_buf_puts(&html,
		            "<div class=\"email-opt-in\"><p>Nhận tin mới mỗi sáng</p></div>");
		bn_buf_puts(&html, para);
		bn_buf_puts(&html, "<form action=\"/subscribe\"><p>Đăng ký nhận bản tin qua "
		                   "thư điện tử</p><input name=\"email\"></form>");
		bn_buf_puts(&html,
		            "<div class=\"chart\"><p>2.000</p><p>1.800</p><p>1.600</p></div>");
		bn_buf_puts(&html, para);
		bn_buf_printf(&html, "</article>%s</body></html>", whole_form ? "</form>" : "");
		assert_false(html.failed);
		bn_article *a = NULL;
		assert_int_equal(extract_bytes(html.data, html.len, "text/html", 0, &a), BN_OK);
		char *text = article_text(a);
		assert_non_null(strstr(text, "Giá điện sinh hoạt"));
		assert_null(strstr(text, "Nhận tin mới"));
		assert_null(strstr(text, "Đăng ký nhận bản tin"));
		assert_null(strstr(text, "1.800"));
		free(text);
		bn_article_free(a);
		bn_buf_free(&html);
	}
}

/* A linked word inside a sentence is read whatever its class says (a keyword link, a popup
 * note); a share link standing alone is not. */
static void test_words_in_sentences(void **state)
{
	(void)state;
	static const char page[] =
	        "<html><head><title>Giá vàng</title></head><body><article><h1>Giá vàng</h1>"
	        "<p>Sáng nay <a class=\"keyword\" href=\"/tag/gia-vang\">giá vàng</a> miếng tăng "
	        "thêm nửa triệu đồng mỗi lượng, theo đà tăng của thị trường thế giới trong phiên "
	        "giao dịch đêm qua.</p><p><a class=\"share\" href=\"#\">Chia sẻ bài viết</a></p>"
	        "<p>Các doanh nghiệp cho biết lượng khách mua tích trữ tăng mạnh từ đầu tuần, "
	        "nhiều cửa hàng phải giới hạn số lượng bán cho mỗi người.</p>"
	        "<ul><li>Nhờ <a href=\"/u/an\">anh An</a>, bản mới cho phép <a href=\"/b/1\">nhập "
	        "danh bạ từ tệp</a> của điện thoại cũ</li><li><a href=\"/x\">Giá xăng giảm "
	        "mạnh từ chiều nay</a></li></ul></article></body></html>";
	bn_article *a = NULL;
	assert_int_equal(extract_bytes(page, strlen(page), "text/html", 0, &a), BN_OK);
	char *text = article_text(a);
	assert_non_null(strstr(text, "Sáng nay giá vàng miếng tăng"));
	assert_null(strstr(text, "Chia sẻ bài viết"));
	assert_non_null(strstr(text, "Nhờ anh An, bản mới cho phép nhập danh bạ")); /* prose */
	assert_null(strstr(text, "Giá xăng giảm"));                                 /* a teaser */
	free(text);
	bn_article_free(a);
}

/* Declared titles and authors: Dublin Core before Open Graph, several properties in one
 * attribute, a JSON-LD headline in bare CDATA unless cut short, "Par" cut like "By", and a
 * visible "Follow @name" is no byline. */
static void test_declared_metadata(void **state)
{
	(void)state;
	static const char *const cases[][3] = {
	        {"<meta property=\"og:title\" content=\"Open Graph title\">"
	         "<meta name=\"DC.title\" content=\"Dublin Core name title\">"
	         "<meta property=\"x:title dc:title\" content=\"Dublin Core title\">"
	         "<meta name=\"author\" content=\"Par Claire Martin\">",
	         "Dublin Core title", "Claire Martin"},
	        {"<script type=\"application/ld+json\"><![CDATA[{\"@type\":\"NewsArticle\","
	         "\"headline\":\"The headline as published\",\"author\":{\"name\":\"Ana Lima\"}}]]>"
	         "</script><meta property=\"og:title\" content=\"A shorter social title\">",
	         "The headline as published", "Ana Lima"},
	        {"<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":"
	         "\"A headline cut for search engi...\"}</script>"
	         "<meta property=\"og:title\" content=\"A headline cut for search engines, "
	         "whole\">",
	         "A headline cut for search engines, whole", NULL},
	};
	for (size_t k = 0; k < BN_ARRAY_LEN(cases); k++) {
		bn_buf html = BN_BUF_INIT;
		bn_buf_printf(&html,
		              "<html><head><title>Page title</title>%s</head><body>"
		              "<div class=\"author\">Follow @someone</div><article>",
		              cases[k][0]);
		for (int i = 0; i < 3; i++)
			bn_buf_puts(&html,
			            "<p>The council estimates that the average drill is used "
			            "for about fifteen minutes in its whole life, officials "
			            "said on Tuesday at the library.</p>");
		bn_buf_puts(&html, "</article></body></html>");
		assert_false(html.failed);
		bn_article *a = NULL;
		assert_int_equal(extract_bytes(html.data, html.len, "text/html", 0, &a), BN_OK);
		assert_string_equal(a->title, cases[k][1]);
		if (cases[k][2]) {
			assert_non_null(a->byline);
			assert_string_equal(a->byline, cases[k][2]);
		} else {
			assert_null(a->byline);
		}
		bn_article_free(a);
		bn_buf_free(&html);
	}
}

static void test_json(void **state)
{
	(void)state;
	const char *html =
	        "<html><head><title>T \"q\"</title></head><body><article><h1>T \"q\"</h1>"
	        "<p>Một đoạn văn đủ dài để được xem là nội dung bài báo, có dấu phẩy, và "
	        "nhiều chữ nữa. Đoạn này được viết thêm cho đủ dài, để trình trích xuất coi đây là "
	        "một bài báo thật sự chứ không phải trang lỗi.</p><h2>Tiểu "
	        "mục</h2><blockquote>Trích dẫn dài đủ để "
	        "đọc.</blockquote><ul><li>Mục một của danh sách</li></ul></article>"
	        "</body></html>";
	bn_article *a = NULL;
	assert_int_equal(extract_bytes(html, strlen(html), "text/html", 0, &a), BN_OK);
	char *json = bn_article_to_json(a);
	assert_string_equal(
	        json,
	        "{\"url\":null,\"title\":\"T \\\"q\\\"\",\"byline\":null,\"published\":null,"
	        "\"site_name\":null,\"lang\":\"vi\",\"blocks\":[{\"type\":\"paragraph\",\"text\":"
	        "\"Một đoạn văn đủ dài để được xem là nội dung bài báo, có dấu phẩy, và nhiều chữ "
	        "nữa. Đoạn này được viết thêm cho đủ dài, để trình trích xuất coi đây là một bài "
	        "báo thật sự chứ không phải trang lỗi.\"},{\"type\":\"heading\",\"text\":\"Tiểu "
	        "mục\"},{\"type\":\"quote\",\"text\":"
	        "\"Trích dẫn dài đủ để đọc.\"},{\"type\":\"list_item\",\"text\":\"Mục một của danh "
	        "sách\"}]}\n");
	free(json);
	bn_article_free(a);
}

static void test_plain_text(void **state)
{
	(void)state;
	const char *txt = "Tiêu đề\r\n\r\nĐoạn một\ndòng hai.\n\n\n  \nĐoạn hai.\n";
	bn_article *a = NULL;
	assert_int_equal(extract_bytes(txt, strlen(txt), "text/plain", 0, &a), BN_OK);
	char *text = bn_article_to_text(a);
	assert_string_equal(text, "Tiêu đề\n\nĐoạn một dòng hai.\n\nĐoạn hai.\n");
	free(text);
	bn_article_free(a);
}

static void test_nfc(void **state)
{
	(void)state;
	/* "Việt" with combining marks must come out precomposed. */
	const char *txt = "Vie\xcc\xa3\xcc\x82t Nam\n\nHo\xcc\x80"
	                  "a bi\xcc\x80nh.";
	bn_article *a = NULL;
	assert_int_equal(extract_bytes(txt, strlen(txt), "text/plain", 0, &a), BN_OK);
	assert_string_equal(a->title, "Việt Nam");
	bn_article_free(a);
}

static void test_not_an_article(void **state)
{
	(void)state;
	const char *pages[] = {
	        "<html><body><nav><a href=/>Trang chủ</a><a href=/a>Thời sự</a></nav>"
	        "<footer>Bản quyền</footer></body></html>",
	        "<html><body><script>var a = 'Nội dung rất dài, rất dài, rất dài, rất "
	        "dài.';</script>"
	        "<style>p{}</style></body></html>",
	        "",
	        "   \n\n  ",
	};
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		bn_article *a = NULL;
		bn_status st = extract_bytes(pages[i], strlen(pages[i]), "text/html", 0, &a);
		assert_true(st == BN_ERR_NO_ARTICLE);
		assert_null(a);
	}
}

/* Deep nesting, unclosed tags, truncation, NUL bytes: a result or a clean error, no crash. */
static void test_hostile(void **state)
{
	(void)state;
	size_t depth = 100000;
	char *deep = malloc(depth * 5 + 1000);
	assert_non_null(deep);
	char *p = deep;
	for (size_t i = 0; i < depth; i++)
		p += sprintf(p, "<div>");
	p += sprintf(p, "<p>Văn bản ở rất sâu trong trang, có dấu phẩy, đủ dài để đọc. Đoạn này "
	                "được viết thêm cho đủ dài, để trình trích xuất coi đây là một bài báo "
	                "thật sự chứ không phải trang lỗi.</p>");
	bn_article *a = NULL;
	bn_status st = extract_bytes(deep, (size_t)(p - deep), "text/html", 0, &a);
	assert_true(st == BN_OK || st == BN_ERR_NO_ARTICLE);
	bn_article_free(a);
	free(deep);

	const char truncated[] = "<html><body><article><p>Đoạn này được viết thêm cho đủ dài, để "
	                         "trình trích xuất coi đây là một bài báo thật sự chứ không phải "
	                         "trang lỗi. Một đoạn văn bị cắt giữa chừng, có dấu ph";
	st = extract_bytes(truncated, sizeof truncated - 1, "text/html", 0, &a);
	assert_int_equal(st, BN_OK);
	assert_non_null(strstr(a->blocks[0].text, "cắt giữa chừng"));
	bn_article_free(a);

	const char nul[] =
	        "<html><body><p>Có byte\0 NUL ở giữa đoạn văn này, khá dài.</p></body></html>";
	st = extract_bytes(nul, sizeof nul - 1, "text/html", 0, &a);
	assert_true(st == BN_OK || st == BN_ERR_NO_ARTICLE || st == BN_ERR_UNSUPPORTED);
	bn_article_free(a);
}

static void test_windows_1258(void **state)
{
	(void)state;
	/* A page declaring windows-1258, encoded here with iconv from its UTF-8 text. */
	const char *utf8 = "<html><head><meta charset=\"windows-1258\"><title>Tiếng Việt</title>"
	                   "</head><body><p>Tiếng Việt được viết nhiều năm, có dấu phẩy, đủ dài. "
	                   "Đoạn này được viết thêm cho đủ dài, để trình trích xuất coi đây là một "
	                   "bài báo thật sự chứ không phải trang lỗi."
	                   "</p></body></html>";
	iconv_t cd = iconv_open("WINDOWS-1258", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	char page[1024];
	char *in = (char *)utf8, *out = page;
	size_t inleft = strlen(utf8), outleft = sizeof page;
	assert_true(iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1);
	iconv_close(cd);
	size_t len = sizeof page - outleft;
	assert_true(len < strlen(utf8)); /* one byte a letter, not UTF-8 */
	bn_article *a = NULL;
	assert_int_equal(extract_bytes(page, len, NULL, 0, &a), BN_OK);
	assert_string_equal(a->title, "Tiếng Việt");
	assert_string_equal(
	        a->blocks[0].text,
	        "Tiếng Việt được viết nhiều năm, có dấu phẩy, đủ dài. Đoạn này được viết "
	        "thêm cho đủ dài, để trình trích xuất coi đây là một bài báo thật sự chứ "
	        "không phải trang lỗi.");
	bn_article_free(a);
}

/* Lines real pages put among the paragraphs: an agency and date line, a share label, a
 * reporter's e-mail, a copyright line; dropped. A paragraph that only begins like one stays. */
static void test_boilerplate_lines(void **state)
{
	(void)state;
	static const char *const noise[] = {
	        "Associated Press April 28, 2023 GMT",
	        "Email:",
	        "Email: phongvien@baox.vn",
	        "© 2024 Báo X. All rights reserved",
	        "Bản quyền thuộc về Báo X, 2023",
	        "Published Thursday 27 July 2017 Published Thu 27 Jul 2017"};
	const char *prose = "Copyright law was changed by the assembly this spring, and publishers "
	                    "say the new rules on quoting news will reach every reader this year.";
	bn_buf html = BN_BUF_INIT;
	bn_buf_puts(&html, "<html><head><title>Luật mới</title></head><body><article>"
	                   "<h1>Luật mới</h1>");
	for (size_t i = 0; i < BN_ARRAY_LEN(noise); i++)
		bn_buf_printf(&html,
		              "<p>Đoạn %zu: quốc hội đã thông qua luật mới về bản quyền báo chí, "
		              "có hiệu lực từ đầu năm sau theo nghị quyết của kỳ họp.</p><p>%s</p>",
		              i, noise[i]);
	bn_buf_printf(&html,
	              "<p>%s</p><table><tr><td>Version 3.14</td><td>April 2014</td></tr>"
	              "<tr><td>Version 3.15</td><td>June 2014</td></tr></table>"
	              "</article></body></html>",
	              prose);
	assert_false(html.failed);
	bn_article *a = NULL;
	assert_int_equal(extract_bytes(html.data, html.len, "text/html", 0, &a), BN_OK);
	int kept = 0, table_dates = 0;
	for (size_t i = 0; i < a->nblocks; i++) {
		for (size_t k = 0; k < BN_ARRAY_LEN(noise); k++)
			assert_string_not_equal(a->blocks[i].text, noise[k]);
		kept += strcmp(a->blocks[i].text, prose) == 0;
		table_dates += strcmp(a->blocks[i].text, "April 2014") == 0 ||
		               strcmp(a->blocks[i].text, "June 2014") == 0;
	}
	assert_int_equal(kept, 1);
	assert_int_equal(table_dates, 2); /* a date in a table's cell is data */
	bn_article_free(a);
	bn_buf_free(&html);
}

/* A relative canonical URL is resolved against the page's own URL; in a file, with no URL to
 * resolve it against, it is not kept (it keys --resume and goes into tags). */
static void test_relative_canonical(void **state)
{
	(void)state;
	const char *page = "<html><head><title>Bài</title><link rel=\"canonical\" "
	                   "href=\"../tin/bai-viet.html?id=1\"></head><body><article><h1>Bài</h1>"
	                   "<p>Sáng nay giá vàng miếng trong nước tăng thêm nửa triệu đồng mỗi "
	                   "lượng, theo đà tăng của giá vàng thế giới trong phiên đêm qua.</p>"
	                   "<p>Giá vàng nhẫn cũng tăng theo, lên mức cao nhất trong tháng.</p>"
	                   "</article></body></html>";
	for (int with_url = 0; with_url <= 1; with_url++) {
		bn_document *doc = NULL;
		bn_error err;
		assert_int_equal(
		        bn_document_from_bytes("test", page, strlen(page), "text/html", &doc, &err),
		        BN_OK);
		if (with_url) {
			free(doc->url);
			doc->url = strdup("https://baox.vn/kinh-te/vang/trang.html");
		}
		bn_article *a = NULL;
		assert_int_equal(bn_extract(doc, NULL, &a, &err), BN_OK);
		if (with_url)
			assert_string_equal(a->url,
			                    "https://baox.vn/kinh-te/tin/bai-viet.html?id=1");
		else
			assert_null(a->url);
		bn_article_free(a);
		bn_document_free(doc);
	}
}

/* A photo story: a short lead and captioned photos, no paragraphs. The captions are the story:
 * read in order, as captions, even without --captions; a page with one photo and no text is
 * still no article. */
static void test_photo_story(void **state)
{
	(void)state;
	for (int photos = 5; photos >= 1; photos -= 4) {
		bn_buf html = BN_BUF_INIT;
		bn_buf_puts(&html, "<html><head><title>Mùa lúa chín</title></head><body><article>"
		                   "<h1>Mùa lúa chín</h1><p>Ảnh: Minh An</p>");
		for (int i = 1; i <= photos; i++)
			bn_buf_printf(
			        &html,
			        "<figure><img src=\"p%d.jpg\"><figcaption>Ảnh %d: người dân "
			        "gặt lúa trên cánh đồng bậc thang ở Mù Cang Chải, khi nắng sớm "
			        "chiếu qua sườn núi.</figcaption></figure>",
			        i, i);
		bn_buf_puts(&html, "</article></body></html>");
		assert_false(html.failed);
		bn_article *a = NULL;
		bn_status st = extract_bytes(html.data, html.len, "text/html", 0, &a);
		if (photos == 5) {
			assert_int_equal(st, BN_OK);
			size_t captions = 0;
			for (size_t i = 0; i < a->nblocks; i++)
				if (a->blocks[i].type == BN_BLOCK_CAPTION) {
					char want[16];
					snprintf(want, sizeof want, "Ảnh %zu:", captions + 1);
					assert_int_equal(
					        strncmp(a->blocks[i].text, want, strlen(want)), 0);
					captions++;
				}
			assert_int_equal(captions, 5);
		} else {
			assert_int_equal(st, BN_ERR_NO_ARTICLE);
		}
		bn_article_free(a);
		bn_buf_free(&html);
	}
}

/* JSON-LD read as JSON: \uXXXX escapes decoded, the article found in an @graph beside other
 * objects, several authors joined, an author given as a plain string. */
static void test_json_ld(void **state)
{
	(void)state;
	static const char *const ld[][2] = {
	        {"{\"@context\":\"https://schema.org\",\"@graph\":[{\"@type\":\"WebSite\","
	         "\"name\":\"B\\u00e1o X\",\"author\":{\"name\":\"Not this\"}},{\"@type\":"
	         "\"NewsArticle\",\"author\":[{\"@type\":\"Person\",\"name\":\"Nguy\\u1ec5n "
	         "V\\u0103n A\"},{\"@type\":\"Person\",\"name\":\"Tr\\u1ea7n B\"}],"
	         "\"datePublished\":\"2024-05-10T08:00:00+07:00\"}]}",
	         "Nguyễn Văn A, Trần B"},
	        {"[{\"@type\":[\"BlogPosting\"],\"author\":\"L\\u00ea C\","
	         "\"datePublished\":\"2024-05-10T08:00:00+07:00\"}]",
	         "Lê C"},
	};
	for (size_t k = 0; k < BN_ARRAY_LEN(ld); k++) {
		bn_buf html = BN_BUF_INIT;
		bn_buf_printf(
		        &html,
		        "<html><head><title>Giá vàng</title><script type=\"application/ld+json\">"
		        "%s</script></head><body><article><h1>Giá vàng</h1>",
		        ld[k][0]);
		for (int i = 0; i < 3; i++)
			bn_buf_puts(&html,
			            "<p>Sáng nay giá vàng miếng trong nước tăng thêm nửa triệu "
			            "đồng mỗi lượng, theo đà tăng của giá vàng thế giới.</p>");
		bn_buf_puts(&html, "</article></body></html>");
		assert_false(html.failed);
		bn_article *a = NULL;
		assert_int_equal(extract_bytes(html.data, html.len, "text/html", 0, &a), BN_OK);
		assert_non_null(a->byline);
		assert_string_equal(a->byline, ld[k][1]);
		assert_non_null(a->published);
		assert_int_equal(strncmp(a->published, "2024-05-10", 10), 0);
		bn_article_free(a);
		bn_buf_free(&html);
	}
}

/* Pages and texts in a Vietnamese legacy charset that declare none: the charset is detected
 * (uchardet), only then; bytes declared UTF-8 stay an encoding error. */
static void test_undeclared_legacy(void **state)
{
	(void)state;
	static const char *const charsets[] = {"WINDOWS-1258", "VISCII"};
	const char *body = "Hà Nội là thủ đô của nước Cộng hòa xã hội chủ nghĩa Việt Nam, nằm ở "
	                   "đồng bằng sông Hồng. Người dân đi làm sớm, đường phố đông đúc từ sáu "
	                   "giờ sáng, quán phở mở cửa và chợ họp đến trưa.";
	for (size_t c = 0; c < BN_ARRAY_LEN(charsets); c++)
		for (int html = 0; html <= 1; html++) {
			char utf8[1024], page[1024];
			snprintf(utf8, sizeof utf8,
			         html ? "<html><head><title>Thủ "
			                "đô</title></head><body><article><p>%s"
			                "</p></article></body></html>"
			              : "Thủ đô\n\n%s\n",
			         body);
			iconv_t cd = iconv_open(charsets[c], "UTF-8");
			assert_true(cd != (iconv_t)-1);
			char *in = utf8, *out = page;
			size_t inleft = strlen(utf8), outleft = sizeof page;
			assert_true(iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1);
			iconv_close(cd);
			size_t len = sizeof page - outleft;
			bn_article *a = NULL;
			const char *type = html ? "text/html" : "text/plain";
			assert_int_equal(extract_bytes(page, len, type, 0, &a), BN_OK);
			assert_string_equal(a->title, "Thủ đô");
			assert_string_equal(a->blocks[0].text, body);
			bn_article_free(a);
			/* Declared UTF-8: the bytes are not, and that is the error. */
			assert_int_equal(extract_bytes(page, len,
			                               html ? "text/html; charset=utf-8"
			                                    : "text/plain; charset=utf-8",
			                               0, &a),
			                 BN_ERR_ENCODING);
		}
}

/* A page whose declared charset is wrong (UTF-8 bytes labelled windows-1258) is read as the
 * UTF-8 it is. A page of nothing but
 * scripts has no article. */
static void test_wrong_charset_and_scripts(void **state)
{
	(void)state;
	const char page[] =
	        "<html><head><meta charset=\"windows-1258\"></head><body><article><p>Tiếng "
	        "Việt mã UTF-8 nhưng khai báo sai bảng mã, trình đọc vẫn phải ra một bài, "
	        "không được hỏng, không được treo, dù chữ có thể sai dấu.</p></article>"
	        "</body></html>";
	bn_article *a = NULL;
	assert_int_equal(extract_bytes(page, sizeof page - 1, NULL, 0, &a), BN_OK);
	assert_true(a->nblocks == 1);
	assert_true(strncmp(a->blocks[0].text, "Tiếng Việt mã UTF-8",
	                    strlen("Tiếng Việt mã UTF-8")) == 0);
	bn_article_free(a);

	char scripts[20000] = "<html><head><script>var x = 1;</script></head><body>";
	for (int i = 0; i < 100; i++)
		strcat(scripts,
		       "<script>document.write('Tin tức, bình luận, rất nhiều chữ.');</script>");
	strcat(scripts, "</body></html>");
	assert_int_equal(extract_bytes(scripts, strlen(scripts), "text/html", 0, &a),
	                 BN_ERR_NO_ARTICLE);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	const char page[] =
	        "<html><head><meta charset=utf-8></head><body><p>Sai \xff\xfe m\xe3.</p>";
	bn_document *doc = NULL;
	bn_error err;
	assert_int_equal(
	        bn_document_from_bytes("bad.html", page, sizeof page - 1, "text/html", &doc, &err),
	        BN_ERR_ENCODING);
	assert_non_null(strstr(err.message, "bad.html"));
	assert_null(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_example_matches_gold),
	        cmocka_unit_test(test_example_captions),
	        cmocka_unit_test(test_caption_credits),
	        cmocka_unit_test(test_linked_headings),
	        cmocka_unit_test(test_title_site_part),
	        cmocka_unit_test(test_undeclared_legacy),
	        cmocka_unit_test(test_json_ld),
	        cmocka_unit_test(test_boilerplate_lines),
	        cmocka_unit_test(test_relative_canonical),
	        cmocka_unit_test(test_photo_story),
	        cmocka_unit_test(test_json),
	        cmocka_unit_test(test_plain_text),
	        cmocka_unit_test(test_nfc),
	        cmocka_unit_test(test_not_an_article),
	        cmocka_unit_test(test_hostile),
	        cmocka_unit_test(test_windows_1258),
	        cmocka_unit_test(test_invalid_utf8),
	        cmocka_unit_test(test_wrong_charset_and_scripts),
	        cmocka_unit_test(test_repeats_and_galleries),
	        cmocka_unit_test(test_slug_ids_and_data_cells),
	        cmocka_unit_test(test_declared_metadata),
	        cmocka_unit_test(test_math),
	        cmocka_unit_test(test_intro_wrapper),
	        cmocka_unit_test(test_boxes_in_body),
	        cmocka_unit_test(test_words_in_sentences),
	};
	return cmocka_run_group_tests_name("extract", tests, NULL, NULL);
}
