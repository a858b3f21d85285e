"""Urdu versions of demo pages: five Pakistani groups, their products (titles built from the
product and colour names below), the coming mela and its schedule, and the site's index pages."""

SITE_PAGES = {
    "home": {
        "title": "کرافٹس میلہ",
        "hero_heading": "گھر مزدور خواتین کے ہاتھ سے بنے دستکاری کے سامان",
        "hero_text": (
            "کڑھائی، رلیاں، بلاک پرنٹ، کھسے، مٹی کے برتن اور بہت کچھ، جو مزدوروں کی اپنی "
            "تنظیمیں بیچتی ہیں۔ ہر صفحہ بتاتا ہے کہ قیمت کا کتنا حصہ ان تک پہنچتا ہے۔"
        ),
    },
    "producers": {
        "title": "پروڈیوسر گروپ",
        "intro": "گھر مزدوروں کی یونینیں، کوآپریٹو اور انجمنیں۔",
    },
    "melas": {
        "title": "میلے",
        "intro": "دستکاری کے میلے اور نمائشیں جہاں پروڈیوسر گروپ اپنے اسٹالوں سے سامان بیچتے ہیں۔",
    },
}

GROUPS = {
    "lahore-embroidery-union": {
        "district": "لاہور",
        "title": "لاہور گھر مزدور کڑھائی کار یونین",
        "tagline": "اندرون شہر کی گلیوں سے زنجیری ٹانکا اور تلّہ۔",
        "story": (
            "یہ یونین اس وقت بنی جب لاہور کے اندرون شہر کی چند کڑھائی کار عورتوں نے آپس میں "
            "یہ بات کی کہ ٹھیکیدار انہیں ایک قمیض کی کڑھائی کا کتنا دیتا ہے۔ آج ارکان مل کر "
            "اپنا کام خود بیچتی ہیں اور قیمت کا بڑا حصہ انہی کے پاس رہتا ہے۔"
        ),
    },
    "multan-blue-pottery-cooperative": {
        "district": "ملتان",
        "title": "ملتان خواتین کمہار کوآپریٹو",
        "tagline": "نیلی لُک، سفید مٹی اور ملتانی ٹائلوں کی ہزار سالہ روایت۔",
        "story": (
            "ملتان کے کمہار گھرانوں کی عورتیں ہمیشہ سے برتنوں پر نقش بناتی اور انہیں سنوارتی "
            "آئی ہیں، مگر ان کا نام کبھی سامنے نہیں آیا۔ کوآپریٹو میں وہ اپنے برتن اپنے نام سے "
            "بیچتی ہیں۔"
        ),
    },
    "bahawalpur-chunri-association": {
        "district": "بہاولپور",
        "title": "چولستان چنری ساز انجمن",
        "tagline": "ہاتھ سے باندھی، صحرا کے رنگوں میں رنگی۔",
        "story": (
            "چولستان کے صحرا کے کنارے کے گاؤں میں چنری باندھنا وہ کام ہے جو عورتیں گھر کے "
            "کاموں کے بیچ کرتی ہیں۔ انجمن انہیں کپڑا، رنگ اور منصفانہ اجرت ایک ساتھ دیتی ہے۔"
        ),
    },
    "hala-ajrak-printers-association": {
        "district": "مٹیاری",
        "title": "ہالا اجرک چھاپہ گر انجمن",
        "tagline": "ہالا کی اجرک، آہستہ اور پرانے طریقے سے چھپی اور رنگی۔",
        "story": (
            "ہالا سندھ کے بلاک پرنٹ کپڑے اجرک کے لیے مشہور ہے۔ چھپائی مردوں کا کام سمجھی "
            "جاتی ہے، مگر دھلائی، رنگائی اور سکھانے کا زیادہ تر کام عورتیں کرتی ہیں، اور اب "
            "انجمن کی رکن ہیں۔"
        ),
    },
    "tharparkar-ralli-collective": {
        "district": "تھرپارکر",
        "title": "تھر خواتین رلی کوآپریٹو",
        "tagline": "مٹھی کے آس پاس کے گاؤں سے رلیاں اور کڑھائی۔",
        "story": (
            "تھر کے صحرا میں ہر گھر اور ہر جہیز کے لیے رلیاں بنتی ہیں۔ کوآپریٹو کی ارکان "
            "کپڑے کے ٹکڑے جوڑ کر لمبے سیدھے ٹانکوں سے رلی سیتی ہیں اور اب شہروں تک بیچتی ہیں۔"
        ),
    },
}

PRODUCT_NAMES = {
    "Embroidered khussa": "کڑھائی والا کھسہ",
    "Tilla khussa": "تلّے والا کھسہ",
    "Children's khussa": "بچوں کا کھسہ",
    "Palm-leaf basket with lid": "ڈھکن والی کھجور کے پتوں کی ٹوکری",
    "Chhaj (winnowing tray)": "چھاج",
    "Woven bread basket": "روٹی کی بُنی ہوئی ٹوکری",
    "Palm-leaf floor mat": "کھجور کے پتوں کی چٹائی",
    "Blue-glazed plate": "نیلی لُک والی پلیٹ",
    "Clay water pot (matka)": "مٹی کا مٹکا",
    "Painted serving bowl": "نقش والا ڈونگا",
    "Glazed tile set": "لُک والی ٹائلوں کا سیٹ",
    "Glass bangle set": "کانچ کی چوڑیوں کا سیٹ",
    "Bridal bangle set": "دلہن کی چوڑیوں کا سیٹ",
    "Kangan pair": "کنگن کی جوڑی",
    "Embroidered cushion cover": "کڑھائی والا کشن کور",
    "Hand-embroidered shawl": "ہاتھ کی کڑھائی والی شال",
    "Embroidered dupatta": "کڑھائی والا دوپٹہ",
    "Sindhi cross-stitch purse": "سندھی ٹانکے کا بٹوا",
    "Mirror-work wall hanging": "شیشے کے کام والی دیوار کی سجاوٹ",
    "Ralli quilt": "رلی",
    "Ralli cushion cover": "رلی کا کشن کور",
    "Ralli baby quilt": "بچے کی رلی",
    "Ralli table runner": "رلی کا ٹیبل رنر",
    "Ajrak shawl": "اجرک شال",
    "Block-printed table cover": "بلاک پرنٹ میز پوش",
    "Block-printed bedsheet set": "بلاک پرنٹ چادر کا سیٹ",
    "Block-printed tote bag": "بلاک پرنٹ تھیلا",
    "Chunri dupatta": "چنری دوپٹہ",
    "Bandhani saree": "باندھنی ساڑھی",
    "Chunri scarf": "چنری اسکارف",
    "Bandhani chaddar": "باندھنی چادر",
    "Embroidered kurta": "کڑھائی والا کرتا",
    "Girl's frock": "بچی کا فراک",
    "Three-piece suit": "تین پیس سوٹ",
    "Quilted waistcoat": "رلی والی واسکٹ",
}

COLOURS = {
    "maroon and gold": "عنابی اور سنہرا",
    "black and rose": "کالا اور گلابی",
    "indigo": "نیلا",
    "ivory": "ہاتھی دانت رنگ",
    "green": "سبز",
    "indigo and madder": "نیلا اور مجیٹھی",
    "black and white": "کالا اور سفید",
    "yellow and red": "پیلا اور لال",
    "sea green": "سمندری سبز",
    "madder red": "مجیٹھی لال",
    "black and red": "کالا اور لال",
    "rust": "زنگاری",
    "red": "لال",
    "maroon and yellow": "عنابی اور پیلا",
    "pink": "گلابی",
    "green and gold": "سبز اور سنہرا",
    "maroon": "عنابی",
    "black": "کالا",
    "gold": "سنہرا",
    "multicolour": "رنگ برنگا",
    "natural": "قدرتی",
    "pink bands": "گلابی پٹیاں",
    "green bands": "سبز پٹیاں",
    "blue bands": "نیلی پٹیاں",
    "cobalt": "گہرا نیلا",
    "turquoise": "فیروزی",
    "white and blue": "سفید اور نیلا",
    "terracotta": "مٹیالا لال",
    "blue": "نیلا",
    "white": "سفید",
    "sky blue": "آسمانی",
    "mustard": "سرسوں رنگ",
    "peach": "آڑو رنگ",
}

CRAFT_DESCRIPTIONS = {
    "hand-embroidery": "گھر پر ٹانکا ٹانکا کی گئی ہاتھ کی کڑھائی۔",
    "ralli-quilts": "کپڑے کے ٹکڑوں کو جوڑ کر لمبے سیدھے ٹانکوں سے سی گئی رلی۔",
    "block-printing": "لکڑی کے کھدے ہوئے بلاکوں سے ہاتھ سے چھپا کپڑا۔",
    "chunri-bandhani": "ہزاروں ننھی گرہیں باندھ کر رنگا گیا کپڑا۔",
    "khussa-shoes": "ہاتھ سے سِلا چمڑے کا کھسہ۔",
    "basketry": "کھجور کے پتوں اور تنکوں سے ہاتھ سے بُنی ہوئی چیز۔",
    "pottery": "ہاتھ سے بنا اور رنگا مٹی کا برتن۔",
    "glass-bangles": "بھٹی میں ڈھلی اور ہاتھ سے سجی کانچ کی چوڑیاں۔",
    "stitched-garments": "گھر پر ہاتھ اور مشین سے سِلا کپڑا۔",
}

MELA = {
    "title": "لاہور گھر مزدور دستکاری میلہ",
    "intro": (
        "تین دن کڑھائی، رلیوں، بلاک پرنٹ اور مٹی کے برتنوں کے، جو انہیں بنانے والی عورتیں "
        "خود بیچتی ہیں۔"
    ),
    "entry_information": "داخلہ مفت ہے۔ گھرانوں کو خوش آمدید۔",
}

SCHEDULE = {
    "Sale hours: all stalls open": "خریداری کے اوقات: سب اسٹال کھلے",
    "Block printing with natural dyes": "قدرتی رنگوں سے بلاک پرنٹنگ",
    "Fair prices for home-based work": "گھر مزدوروں کے کام کی منصفانہ قیمت",
    "Sufi music and Sindhi folk songs": "صوفی موسیقی اور سندھی لوک گیت",
    "Main hall": "مرکزی ہال",
    "Workshop tent": "ورکشاپ کا خیمہ",
    "Stage": "اسٹیج",
    "Hala block printers": "ہالا کے بلاک پرنٹر",
    "Producer group leaders": "پروڈیوسر گروپوں کی رہنما",
}
