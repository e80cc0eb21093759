/* cues.c: what the extractor knows about news pages' markup and wording: class and id names of
 * content, boilerplate, captions and leads (international and Vietnamese CMSs), the labels of
 * related and promo boxes ("Tin liên quan", "Đừng bỏ lỡ", "Read more"), and caption and photo
 * credit wording ("Ảnh: ...", "- Ảnh 1."). The lists are the baonoi developers' own, gathered
 * from the markup of public news sites. */
#include "cues.h"

#include "dom.h"
#include "internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Names (class/id tokens, or substrings of the name with '-' and '_' removed) of boxes that
 * are not the article: navigation, sharing, related and promo boxes, ads, comments, tags. */
static const char *const negative_tokens[] = {
        "ad",          "ads",        "adv",      "advert",    "author",  "banner",   "breadcrumb",
        "breadcrumbs", "cookie",     "footer",   "foot",      "gdpr",    "keyword",  "keywords",
        "login",       "menu",       "modal",    "more",      "nav",     "navbar",   "navigation",
        "pager",       "pagination", "player",   "popup",     "print",   "promo",    "qc",
        "rating",      "share",      "sharing",  "sidebar",   "social",  "sponsor",  "tag",
        "tags",        "toolbar",    "tools",    "vote",      "widget",  "follow",   "subscribe",
        "signup",      "newsletter", "comment",  "comments",  "related", "relate",   "trending",
        "byline",      "popular",    "featured", "recommend", "suggest", "masthead", "sitemap",
        "interactive", "chart",      NULL};
static const char *const negative_substrings[] = {
        "advertis",  "adsbygoogle", "binhluan",      "breadcrumb",  "chiase",
        "comment",   "dontmiss",    "dungbolo",      "lienquan",    "mostread",
        "mostview",  "newsletter",  "noibat",        "outbrain",    "quangcao",
        "readmore",  "readnext",    "adslot",        "recommend",   "related",
        "relate",    "sharebar",    "sharing",       "socialshare", "sponsor",
        "taboola",   "theodoi",     "tinkhac",       "xemthem",     "docthem",
        "xemnhieu",  "docnhieu",    "cungchuyenmuc", "tinmoi",      "sidebar",
        "navbar",    "footer",      "topnews",       "videoplay",   "videobox",
        "boxvideo",  "videolist",   "hotnews",       "boxnews",     "listnews",
        "othernews", "morenews",    "optin",         "ai2html",     "infographic",
        NULL};
/* Names of the article's own containers. */
static const char *const positive_tokens[] = {
        "article", "articlebody", "body",     "content", "entry",   "main", "post", "story",
        "text",    "detail",      "singular", "noidung", "chitiet", "fck",  NULL};
static const char *const positive_substrings[] = {
        "articlebody", "articlecontent",  "maincontent",   "newscontent",
        "postcontent", "entrycontent",    "detailcontent", "contentdetail",
        "fckdetail",   "singularcontent", "cmsbody",       "storybody",
        "newsbody",    "detailbody",      "contentbody",   NULL};
static const char *const caption_tokens[] = {"caption", "figcaption", "credit", "credits",
                                             "image",   "photo",      "desc",   NULL};
static const char *const caption_substrings[] = {
        "caption",     "imgdesc",     "descimage",  "imagedesc", "photodesc",
        "photocredit", "imagecredit", "imgcaption", "chuthich",  NULL};
static const char *const lead_substrings[] = {
        "sapo",    "lead",     "summary", "standfirst",  "chapeau",  "chappeau", "tomtat",
        "excerpt", "abstract", "intro",   "description", "subtitle", "dek",      NULL};

/* Names of photo galleries and slideshows: their text is the photos' captions. */
static const char *const gallery_tokens[] = {"gallery",  "slideshow", "carousel", "slider",
                                             "lightbox", "swiper",    NULL};
static const char *const gallery_substrings[] = {"gallery", "slideshow", "carousel", NULL};

/* Labels that head related, promo and follow boxes, casefolded. A short element whose text
 * starts with one of them is a box label, not article text. */
static const char *const box_labels[] = {"tin liên quan",
                                         "bài liên quan",
                                         "bài viết liên quan",
                                         "chủ đề liên quan",
                                         "tin cùng chuyên mục",
                                         "cùng chuyên mục",
                                         "tin khác",
                                         "các tin khác",
                                         "tin mới",
                                         "tin mới nhất",
                                         "tin nổi bật",
                                         "nổi bật",
                                         "xem thêm",
                                         "đọc thêm",
                                         "đừng bỏ lỡ",
                                         "có thể bạn quan tâm",
                                         "bạn có thể quan tâm",
                                         "có thể bạn chưa biết",
                                         "tin đọc nhiều",
                                         "đọc nhiều",
                                         "xem nhiều",
                                         "tin xem nhiều",
                                         "bình luận",
                                         "ý kiến bạn đọc",
                                         "gửi bình luận",
                                         "từ khóa",
                                         "từ khoá",
                                         "tags",
                                         "tag:",
                                         "chia sẻ",
                                         "quảng cáo",
                                         "tin tài trợ",
                                         "related",
                                         "read more",
                                         "more from",
                                         "more stories",
                                         "most read",
                                         "most popular",
                                         "recommended",
                                         "you may also like",
                                         "you might also like",
                                         "advertisement",
                                         "sponsored",
                                         "share this",
                                         "sign up",
                                         "subscribe",
                                         "newsletter",
                                         "comments",
                                         "follow us",
                                         "trending",
                                         "more on this",
                                         "read next",
                                         "also read",
                                         "email",
                                         "e-mail",
                                         "share on",
                                         NULL};

/* A class or id value read once for every cue list: lower-cased without '-', '_' and spaces
 * ("PhotoCMS_Caption" becomes "photocmscaption") for substrings, its lower-case tokens (split at
 * spaces, '-' and '_') for whole words, and the pairs of adjacent bytes of the squashed text, so
 * that most substrings are ruled out without a search. */
typedef struct squashed {
	char text[256];
	char tokens[256];         /* each token NUL-terminated, the last followed by an empty one */
	unsigned char pairs[128]; /* a bit for each pair of bytes present (hashed) */
} squashed;

static unsigned pair_bit(unsigned char a, unsigned char b)
{
	return ((unsigned)a * 31u + b) & 1023u;
}

static int is_separator(char c)
{
	return c == ' ' || c == '-' || c == '_' || c == '\t' || c == '\n';
}

static void squash(const char *value, squashed *sq)
{
	size_t n = 0, t = 0;
	memset(sq->pairs, 0, sizeof sq->pairs);
	for (const char *p = value; *p && n + 1 < sizeof sq->text && t + 2 < sizeof sq->tokens;
	     p++) {
		if (is_separator(*p)) {
			if (t && sq->tokens[t - 1])
				sq->tokens[t++] = '\0';
			continue;
		}
		char c = (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32) : *p;
		if (n) {
			unsigned bit = pair_bit((unsigned char)sq->text[n - 1], (unsigned char)c);
			sq->pairs[bit >> 3] |= (unsigned char)(1u << (bit & 7));
		}
		sq->text[n++] = c;
		sq->tokens[t++] = c;
	}
	sq->text[n] = '\0';
	if (t && sq->tokens[t - 1])
		sq->tokens[t++] = '\0';
	sq->tokens[t] = '\0';
}

/* 1 when the squashed value may contain word: its first two bytes occur side by side. */
static int may_contain(const squashed *sq, const char *word)
{
	if (!word[1])
		return strchr(sq->text, word[0]) != NULL;
	unsigned bit = pair_bit((unsigned char)word[0], (unsigned char)word[1]);
	return (sq->pairs[bit >> 3] >> (bit & 7)) & 1;
}

/* 1 when the squashed value contains a word of list. */
static int has_substring_in(const squashed *sq, const char *const *list)
{
	for (const char *const *w = list; *w; w++)
		if (may_contain(sq, *w) && strstr(sq->text, *w))
			return 1;
	return 0;
}

/* 1 when one of the value's tokens equals a word of list. */
static int has_token_in(const squashed *sq, const char *const *list)
{
	for (const char *tok = sq->tokens; *tok; tok += strlen(tok) + 1)
		for (const char *const *w = list; *w; w++)
			if (**w == *tok && strcmp(*w, tok) == 0)
				return 1;
	return 0;
}

/* 1 when a token of value (split at spaces, '-' and '_', case aside) is a word of list. */
static int has_token(const char *value, const char *const *list)
{
	squashed sq;
	squash(value, &sq);
	return has_token_in(&sq, list);
}

/* 1 when value with '-', '_' and spaces removed contains a word of list (case-insensitive). */
static int has_substring(const char *value, const char *const *list)
{
	squashed sq;
	squash(value, &sq);
	return has_substring_in(&sq, list);
}

/* 1 when id is the slug of the heading that opens n ("sharing-with-a-single-developer" on
 * the section headed "Sharing with a single developer": documentation generators and wikis
 * name sections so): words of the text, not the name of a kind of box. */
static int is_heading_slug(const xmlNode *n, const char *id)
{
	const xmlNode *h = n->children;
	while (h && h->type != XML_ELEMENT_NODE)
		h = h->next;
	if (!h || !bn_dom_is_heading(h))
		return 0;
	char *text = bn_dom_clean_text(h);
	if (!text)
		return 0;
	/* Letters and digits alike, in order, case aside. */
	const char *a = text, *b = id;
	int same = 1;
	while (same) {
		while (*a && !isalnum((unsigned char)*a))
			a++;
		while (*b && !isalnum((unsigned char)*b))
			b++;
		if (!*a || !*b) {
			same = !*a && !*b;
			break;
		}
		same = tolower((unsigned char)*a++) == tolower((unsigned char)*b++);
	}
	free(text);
	return same;
}

/* The class, id and component names (data-component, data-testid: React-era sites) of an
 * element, each as written and squashed: read once for all the cue lists. An id that spells
 * the element's heading is left out. */
typedef struct names {
	size_t count;
	squashed sq[5];
} names;

static void names_of(const xmlNode *n, names *nm)
{
	static const char *const attrs[] = {"class", "id", "data-component", "data-testid",
	                                    "data-gu-name"};
	nm->count = 0;
	/* One pass over the element's attributes (the parser kept only the ones read). */
	for (const xmlAttr *a = n->properties; a && nm->count < BN_ARRAY_LEN(nm->sq); a = a->next) {
		size_t i = 0;
		while (i < BN_ARRAY_LEN(attrs) &&
		       ((a->name[0] | 32) != attrs[i][0] ||
		        bn_ascii_casecmp((const char *)a->name, attrs[i])))
			i++;
		const char *v =
		        i < BN_ARRAY_LEN(attrs) && a->children && a->children->type == XML_TEXT_NODE
		                ? (const char *)a->children->content
		                : NULL;
		if (!v || !*v || (i == 1 && is_heading_slug(n, v)))
			continue;
		squash(v, &nm->sq[nm->count]);
		nm->count++;
	}
}

/* 1 when one of the names matches the token or substring list. */
static int names_have(const names *nm, const char *const *tokens, const char *const *substrings)
{
	for (size_t i = 0; i < nm->count; i++) {
		if (tokens && has_token_in(&nm->sq[i], tokens))
			return 1;
		if (substrings && has_substring_in(&nm->sq[i], substrings))
			return 1;
	}
	return 0;
}

static int negative_of(const xmlNode *n, const names *nm)
{
	if (names_have(nm, negative_tokens, negative_substrings))
		return 1;
	if (!n->properties)
		return 0;
	const char *role = bn_dom_attr(n, "role");
	if (role && (has_token(role, (const char *const[]){"navigation", "banner", "contentinfo",
	                                                   "complementary", "search", "menu",
	                                                   "menubar", "dialog", "alert", NULL})))
		return 1;
	/* VCCorp-style CMSs mark embedded boxes with a type attribute. */
	const char *type = bn_dom_attr(n, "type");
	if (type && bn_dom_is(n, "div") &&
	    has_substring(type, (const char *const[]){"related", "video", "embed", "wiki",
	                                              "interactive", "poll", NULL}))
		return 1;
	return 0;
}

static int positive_of(const xmlNode *n, const names *nm)
{
	const char *itemprop = n->properties ? bn_dom_attr(n, "itemprop") : NULL;
	if (itemprop && bn_ascii_casecmp(itemprop, "articleBody") == 0)
		return 1;
	return names_have(nm, positive_tokens, positive_substrings);
}

static int caption_of(const xmlNode *n, const names *nm)
{
	if (bn_dom_is(n, "figcaption"))
		return 1;
	if (!nm->count)
		return 0;
	/* Short text elements name captions loosely (VnExpress: <p class="Image">); containers
	 * must say "caption" (tplCaption, PhotoCMS_Caption, wp-caption). */
	static const char *const text_tags[] = {"p", "span", "em", "td", "small", "i", NULL};
	if (bn_dom_is_any(n, text_tags))
		return names_have(nm, caption_tokens, caption_substrings);
	static const char *const boxes[] = {"div", "table", "figure", "section", NULL};
	if (bn_dom_is_any(n, boxes))
		return names_have(nm, NULL, caption_substrings);
	return 0;
}

static int gallery_of(const xmlNode *n, const names *nm)
{
	static const char *const frames[] = {"html", "body", "article", "main", NULL};
	return nm->count && !bn_dom_is_any(n, frames) &&
	       names_have(nm, gallery_tokens, gallery_substrings);
}

unsigned bn_cue_flags(const xmlNode *n)
{
	names nm;
	names_of(n, &nm);
	return (negative_of(n, &nm) ? BN_CUE_NEGATIVE : 0) |
	       (positive_of(n, &nm) ? BN_CUE_POSITIVE : 0) |
	       (caption_of(n, &nm) ? BN_CUE_CAPTION : 0) |
	       (names_have(&nm, NULL, lead_substrings) ? BN_CUE_LEAD : 0) |
	       (gallery_of(n, &nm) ? BN_CUE_GALLERY : 0);
}

char *bn_casefold(const char *s)
{
	/* ASCII folds to its lower case: most labels and names on a page need no tables. */
	size_t len = 0;
	while (s[len] && !((unsigned char)s[len] & 0x80))
		len++;
	if (!s[len]) {
		char *lower = bn_strndup(s, len);
		for (size_t i = 0; lower && i < len; i++)
			if (lower[i] >= 'A' && lower[i] <= 'Z')
				lower[i] = (char)(lower[i] + 32);
		return lower;
	}
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
	                                  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	                                          UTF8PROC_CASEFOLD);
	return n < 0 ? NULL : (char *)out;
}

/* The first at most max bytes of s (cut at a character boundary), casefolded; or, with
 * from_end, the last at most max bytes. Labels and caption wording sit at the ends of a text,
 * so the middle of a long paragraph need not be folded. */
static char *casefold_end(const char *s, size_t max, int from_end)
{
	size_t n = strlen(s);
	const char *start = s;
	if (n > max) {
		if (from_end) {
			start = s + n - max;
			while (((unsigned char)*start & 0xC0) == 0x80)
				start++;
			n = strlen(start);
		} else {
			n = max;
			while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
				n--;
		}
	}
	char *part = bn_strndup(start, n);
	char *f = part ? bn_casefold(part) : NULL;
	free(part);
	return f;
}

/* Strip trailing spaces and ':' '»' '›' '>' from a casefolded label. */
static size_t label_length(const char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == ':' || s[n - 1] == '>'))
		n--;
	return n;
}

int bn_cue_label_may_start(unsigned char first)
{
	/* The first byte of a letter and of its lower case are the same outside ASCII (Đ/đ,
	 * Ý/ý); a decomposed "Ý" starts with 'Y', and "you ..." puts 'y' in the set anyway. */
	if (first >= 'A' && first <= 'Z')
		first |= 32;
	if (first == 't') /* "theo dõi" */
		return 1;
	for (const char *const *l = box_labels; *l; l++)
		if ((unsigned char)(*l)[0] == first)
			return 1;
	return 0;
}

int bn_cue_box_label(const char *text)
{
	size_t len = strlen(text);
	if (len == 0 || len > 90)
		return 0;
	char last = text[len - 1];
	if (last == '.' || last == '?' || last == '!' || last == ',')
		return 0;
	if (!bn_cue_label_may_start((unsigned char)text[0]))
		return 0;
	char *f = bn_casefold(text);
	if (!f)
		return 0;
	int hit = 0;
	size_t n = label_length(f);
	for (const char *const *l = box_labels; *l && !hit; l++) {
		size_t k = strlen(*l);
		/* The label alone, or followed by a space and a few words ("Nổi bật Tạp chí ..."). */
		hit = n >= k && strncmp(f, *l, k) == 0 &&
		      (n == k || f[k] == ' ' || f[k] == ':' || (*l)[k - 1] == ':');
	}
	/* "Theo dõi ICTVietnam trên", "Theo dõi chúng tôi trên Google News". */
	if (!hit && strncmp(f, "theo dõi", strlen("theo dõi")) == 0)
		hit = (n >= 5 && strncmp(f + n - 5, " trên", 5) == 0) || strstr(f, "google news") ||
		      strstr(f, " trên zalo") || strstr(f, " trên facebook") ||
		      n == strlen("theo dõi");
	free(f);
	return hit;
}

int bn_cue_caption_text(const char *text)
{
	size_t len = strlen(text);
	if (len == 0 || len > 400)
		return 0;
	/* Most blocks can be ruled out by their first byte and last character before they are
	 * casefolded: the wordings below start with "ả" (or a decomposed "a"), '(', or the first
	 * letter of an English word, and the alt-text form ends in a digit. */
	unsigned char first = (unsigned char)text[0];
	if (first >= 'A' && first <= 'Z')
		first |= 32;
	size_t last = len;
	while (last && (text[last - 1] == '.' || text[last - 1] == ' '))
		last--;
	int a_hook = first == 0xE1 && len >= 3 && (unsigned char)text[1] == 0xBA &&
	             ((unsigned char)text[2] == 0xA2 || (unsigned char)text[2] == 0xA3); /* Ả ả */
	if (!strchr("(anpivcs", first ? first : 'x') && !a_hook &&
	    !(last && text[last - 1] >= '0' && text[last - 1] <= '9'))
		return 0;
	char *f = casefold_end(text, 48, 0);
	char *tail_f = casefold_end(text, 24, 1);
	if (!f || !tail_f) {
		free(f);
		free(tail_f);
		return 0;
	}
	static const char *const starts[] = {"ảnh:",
	                                     "ảnh :",
	                                     "(ảnh",
	                                     "ảnh minh họa",
	                                     "ảnh minh hoạ",
	                                     "nguồn ảnh",
	                                     "photo:",
	                                     "image:",
	                                     "video:",
	                                     "clip:",
	                                     "(photo",
	                                     "photo credit",
	                                     "ảnh chụp màn hình",
	                                     NULL};
	int hit = 0;
	for (const char *const *s = starts; *s && !hit; s++)
		hit = strncmp(f, *s, strlen(*s)) == 0;
	/* Alt text CMSs repeat beside photos: "... - Ảnh 1." */
	size_t n = strlen(tail_f);
	while (!hit && n && (tail_f[n - 1] == '.' || tail_f[n - 1] == ' '))
		n--;
	if (!hit) {
		size_t d = n;
		while (d && tail_f[d - 1] >= '0' && tail_f[d - 1] <= '9')
			d--;
		const char *tail = " - ảnh ";
		size_t t = strlen(tail);
		hit = d < n && d >= t && strncmp(tail_f + d - t, tail, t) == 0;
	}
	free(tail_f);
	/* "Nguồn: ..." alone on a short line credits a photo or a chart. */
	if (!hit && len <= 80)
		hit = strncmp(f, "nguồn:", strlen("nguồn:")) == 0 || strncmp(f, "source:", 7) == 0;
	free(f);
	return hit;
}

/* The words a photo credit starts with, as news sites capitalise them. */
static const char *const credit_words[] = {
        "Ảnh",   "ảnh",   "ẢNH",   "Photo",  "photo",  "PHOTO", "Nguồn ảnh", "nguồn ảnh",
        "Nguồn", "nguồn", "Image", "Credit", "Source", "Video", "Clip",      NULL};

/* After a credit word at p: optional spaces and a colon. The end of the match, or NULL. */
static const char *credit_colon(const char *p)
{
	for (const char *const *w = credit_words; *w; w++) {
		size_t n = strlen(*w);
		if (strncmp(p, *w, n) != 0)
			continue;
		const char *q = p + n;
		while (*q == ' ')
			q++;
		if (*q == ':')
			return q + 1;
	}
	return NULL;
}

/* Whether what follows a credit's start is short and says no more than a name: no sentence
 * inside it, at most 80 bytes. */
static int credit_tail(const char *p)
{
	size_t n = strlen(p);
	if (n > 80)
		return 0;
	for (const char *q = p; q[0] && q[1]; q++)
		if ((*q == '.' || *q == '!' || *q == '?') && q[1] == ' ' && q[2] >= 'A' &&
		    q[2] <= 'Z')
			return 0;
	return 1;
}

/* Whether the words after a credit's colon look like a name or a source ("Ngọc Thắng",
 * "TTXVN", "dangcongsan.vn", "AP/Reuters", "Quốc hội"), not a description ("Toàn cảnh hội
 * nghị"): each word (or the first only, after the caption's own words) capitalised, a number,
 * or a web address; "và" and "theo" may join them; six words at most. */
static int name_like(const char *p, int first_only)
{
	int words = 0;
	while (*p) {
		while (*p == ' ' || *p == ',' || *p == '-' || *p == '/' || *p == '&' || *p == ')')
			p++;
		if (!*p)
			break;
		const char *w = p;
		int dot = 0;
		while (*p && *p != ' ' && *p != ',' && *p != '/' && *p != ')') {
			dot |= *p == '.' && p[1] && p[1] != ' ';
			p++;
		}
		utf8proc_int32_t c;
		utf8proc_iterate((const utf8proc_uint8_t *)w, p - w, &c);
		int upper = c >= 0 && (utf8proc_category(c) == UTF8PROC_CATEGORY_LU ||
		                       (c >= '0' && c <= '9'));
		int joiner = (p - w == 3 && strncmp(w, "và", 3) == 0) ||
		             (p - w == 4 && strncmp(w, "theo", 4) == 0);
		if (!upper && !dot && !joiner && (!first_only || words == 0))
			return 0;
		words++;
	}
	return words > 0 && words <= 6;
}

size_t bn_cue_credit_start(const char *text)
{
	size_t len = strlen(text);
	for (size_t i = 0; i < len; i++) {
		const char *p = text + i;
		/* "(Ảnh: X)", "(Ảnh X)", "(Ảnh minh họa)", "(Photo: AP)" closing the caption. */
		if (*p == '(' && len > 0 && text[len - 1] == ')' && credit_tail(p)) {
			for (const char *const *w = credit_words; *w; w++)
				if (strncmp(p + 1, *w, strlen(*w)) == 0) {
					char next = p[1 + strlen(*w)];
					if (next == ':' || next == ' ' || next == ')')
						return i;
				}
		}
		/* "Ảnh: X", "- Ảnh: X", "| Photo: X" at the start or after a sentence or a dash. */
		int at_word = i == 0 || text[i - 1] == ' ';
		const char *after = at_word ? credit_colon(p) : NULL;
		if (!after || !credit_tail(p) || !name_like(after, i > 0))
			continue;
		size_t j = i;
		while (j > 0 && text[j - 1] == ' ')
			j--;
		if (j == 0)
			return 0;
		const char *before = text + j;
		if (before[-1] == '.' || before[-1] == '!' || before[-1] == '?' ||
		    before[-1] == ')' || before[-1] == '"')
			return i;
		if (before[-1] == '-' || before[-1] == '|' || before[-1] == '/')
			return j - 1;
		if (j >= 3 && strncmp(before - 3, "–", 3) == 0) /* an en dash */
			return j - 3;
		/* "... in 2006 Credit: DESMOND KWANDE/ AFP": a capitalised credit label straight
		 * after the caption's last word, followed by names only. */
		if ((unsigned char)p[0] >= 'A' && (unsigned char)p[0] <= 'Z' && name_like(after, 0))
			return i;
		if (strncmp(p, "Ảnh", strlen("Ảnh")) == 0 && name_like(after, 0))
			return i;
	}
	return len;
}
